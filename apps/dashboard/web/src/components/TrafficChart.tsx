import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Stats } from '../types';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

const OUTCOME_DASH: Record<string, number[]> = { routed: [], accepted: [6, 4], rejected: [2, 3] };
const PALETTE = ['#1f6feb', '#2da44e', '#bf8700', '#8250df', '#cf222e', '#0a7ea4', '#6e7781'];

function label(minute: string): string {
  return new Date(minute).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/** Messages per minute by type (colour) and outcome (line style); updated in place as new stats arrive. */
export function TrafficChart({ perMinute }: { perMinute: Stats['perMinute'] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line'> | null>(null);

  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'messages / min' } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const types = [...new Set(perMinute.series.map((s) => s.type))];
    c.data.labels = perMinute.minutes.map(label);
    c.data.datasets = perMinute.series.map((s) => {
      const colour = PALETTE[types.indexOf(s.type) % PALETTE.length];
      return {
        label: `${s.type} · ${s.outcome}`,
        data: s.counts,
        borderColor: colour,
        backgroundColor: colour,
        borderDash: OUTCOME_DASH[s.outcome] ?? [],
        pointRadius: 2,
        tension: 0.2,
      };
    });
    c.update('none');
  }, [perMinute]);

  const total = perMinute.series.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
  return (
    <div class="chart">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Messages per minute by type and outcome over the last ${perMinute.minutes.length} minutes: ${total} in all`}
        data-total={total}
      />
    </div>
  );
}

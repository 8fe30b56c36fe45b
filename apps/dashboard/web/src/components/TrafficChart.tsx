import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Stats } from '../types';

Chart.register(BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);

// Routed traffic in blues and greens by type; rejected in reds; still in the pipeline in greys.
const PALETTES: Record<string, string[]> = {
  routed: ['#0969da', '#1a7f37', '#8250df', '#0a7ea4', '#4d2d00', '#54aeff'],
  rejected: ['#cf222e', '#fa4549', '#a40e26', '#ff8182', '#82071e', '#ffaba8'],
  accepted: ['#6e7781', '#8c959f', '#57606a', '#afb8c1', '#424a53', '#d0d7de'],
};

function label(minute: string): string {
  return new Date(minute).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/** Messages per minute, stacked by type and outcome; updated in place as new stats arrive. */
export function TrafficChart({ perMinute }: { perMinute: Stats['perMinute'] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: true, text: 'messages / min' },
          },
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
      const palette = PALETTES[s.outcome] ?? PALETTES.accepted;
      const colour = palette[types.indexOf(s.type) % palette.length];
      return { label: `${s.type} · ${s.outcome}`, data: s.counts, backgroundColor: colour };
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

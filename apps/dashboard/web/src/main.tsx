import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onSignedOut, session } from './api';
import { ConsignmentPage } from './pages/ConsignmentPage';
import { DeadLetters } from './pages/DeadLetters';
import { MessagePage } from './pages/MessagePage';
import { Messages } from './pages/Messages';
import { Overview } from './pages/Overview';
import { Participants } from './pages/Participants';
import { SignIn } from './pages/SignIn';
import { Route, useRoute } from './route';
import './styles.css';

const NAV = [
  ['overview', 'Overview'],
  ['participants', 'Participants'],
  ['messages', 'Messages'],
  ['dlq', 'Dead letters'],
] as const;

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'participants':
      return <Participants />;
    case 'messages':
      return route.arg ? <MessagePage id={route.arg} /> : <Messages params={route.params} />;
    case 'consignments':
      return <ConsignmentPage consignmentRef={route.arg ?? ''} />;
    case 'dlq':
      return <DeadLetters id={route.arg} />;
    default:
      return <Overview />;
  }
}

function App() {
  const [signedIn, setSignedIn] = useState(() => session.token() !== null);
  const [notice, setNotice] = useState<string>();
  const route = useRoute();
  useEffect(
    () =>
      onSignedOut(() => {
        setNotice('The gateway no longer accepts the admin token you signed in with. Sign in again.');
        setSignedIn(false);
      }),
    [],
  );
  if (!signedIn) return <SignIn notice={notice} onSignedIn={() => setSignedIn(true)} />;
  const current = route.page === 'consignments' ? 'messages' : route.page;
  return (
    <>
      <header>
        <strong>Corridor Exchange</strong>
        <nav aria-label="Pages">
          {NAV.map(([page, label]) => (
            <a key={page} href={`#/${page}`} aria-current={current === page ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <button
          type="button"
          onClick={() => {
            session.signOut();
            setNotice(undefined);
            setSignedIn(false);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);

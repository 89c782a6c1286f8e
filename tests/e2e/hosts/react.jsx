// The React host app: useChatKit with startScreen, header, composer.placeholder and handlers, as
// an app written against OpenAI's ChatKit would be; the open thread is kept in localStorage so that
// a reload reopens it (initialThread). Bundled by tests/e2e/react.test.mjs.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatKit, useChatKit } from '@openai/chatkit-react';

const log = (entry) => window.reactLog.push(entry);

function App() {
  const [counts, setCounts] = useState(null);
  const { control } = useChatKit({
    api: { url: `${window.CHATKIT}/chatkit`, domainKey: 'domain_pk_react' },
    initialThread: localStorage.getItem('chatkit-thread'),
    startScreen: { greeting: 'Your todos, from React', prompts: [{ label: 'Add milk', prompt: 'add buy milk', icon: 'check' }] },
    header: { title: { text: 'React todos' } },
    composer: { placeholder: 'Tell me a todo' },
    onReady: () => log('ready'),
    onResponseStart: () => log('response.start'),
    onResponseEnd: () => log('response.end'),
    onThreadChange: ({ threadId }) => {
      log(`thread:${threadId}`);
      if (threadId) localStorage.setItem('chatkit-thread', threadId);
    },
    onClientTool: async ({ name }) => {
      log(`tool:${name}`);
      return { local_time: '2026-12-24T09:00:00', time_zone: 'UTC' };
    },
    onEffect: ({ name, data }) => {
      log(`effect:${name}`);
      if (name === 'todo.counts') setCounts(data);
    },
  });
  return (
    <main>
      <p id="counts">{counts ? `${counts.pending} pending, ${counts.done} done` : 'no counts yet'}</p>
      <ChatKit control={control} style={{ display: 'block', height: '640px' }} />
    </main>
  );
}

createRoot(document.getElementById('app')).render(<App />);

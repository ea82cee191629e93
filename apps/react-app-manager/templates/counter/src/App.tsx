import { useState } from 'react';

export function App({ title }: { title: string }) {
  const [count, setCount] = useState(0);

  return (
    <main>
      <h1>{title}</h1>
      <button type="button" onClick={() => setCount((clicks) => clicks + 1)}>
        count is {count}
      </button>
    </main>
  );
}

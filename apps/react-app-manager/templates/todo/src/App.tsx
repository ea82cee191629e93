import { useEffect, useState, type FormEvent } from 'react';

interface Todo {
  id: string;
  text: string;
  done: boolean;
}

// Every app shares one origin, so the key carries the app's own path (/apps/<name>/).
const storageKey = `todos:${new URL('.', window.location.href).pathname}`;

// crypto.randomUUID() exists only in secure contexts, and an app may be served over plain HTTP.
const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function loadTodos(): Todo[] {
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(storageKey) ?? '[]');
    return Array.isArray(saved) ? (saved as Todo[]) : [];
  } catch {
    return [];
  }
}

export function App({ title }: { title: string }) {
  const [todos, setTodos] = useState<Todo[]>(loadTodos);
  const [draft, setDraft] = useState('');

  useEffect(() => {
    window.localStorage.setItem(storageKey, JSON.stringify(todos));
  }, [todos]);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (text === '') return;
    setTodos((current) => [...current, { id: newId(), text, done: false }]);
    setDraft('');
  };
  const toggle = (id: string) => setTodos((current) => current.map((todo) => (todo.id === id ? { ...todo, done: !todo.done } : todo)));
  const remove = (id: string) => setTodos((current) => current.filter((todo) => todo.id !== id));

  return (
    <main>
      <h1>{title}</h1>
      <form onSubmit={add}>
        <input aria-label="New to-do" value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="What needs doing?" />
        <button type="submit">Add</button>
      </form>
      <ul>
        {todos.map((todo) => (
          <li key={todo.id} className={todo.done ? 'done' : undefined}>
            <label>
              <input type="checkbox" checked={todo.done} onChange={() => toggle(todo.id)} />
              {todo.text}
            </label>
            <button type="button" aria-label={`Delete ${todo.text}`} onClick={() => remove(todo.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <p>{todos.filter((todo) => !todo.done).length} left</p>
    </main>
  );
}

// React 19 ships no type declarations and @types/react is not among the workspace's packages yet:
// these declare the part of React's API the console uses, with the same signatures, so that its
// components are type-checked. Once @types/react and @types/react-dom are installed, this file goes.

interface ConsoleSyntheticEvent<T extends EventTarget = HTMLElement, N extends Event = Event> {
  currentTarget: T;
  target: EventTarget;
  nativeEvent: N;
  preventDefault(): void;
  stopPropagation(): void;
}

type ConsoleEventHandler<T extends EventTarget, N extends Event = Event> = (event: ConsoleSyntheticEvent<T, N> & Partial<Pick<N, never>>) => void;
type ConsoleKeyboardEvent<T extends EventTarget> = ConsoleSyntheticEvent<T, KeyboardEvent> & Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

interface ConsoleRef<T> {
  current: T;
}

/** Attributes of any host element; the values React accepts for them. */
interface ConsoleHostProps<T extends EventTarget> {
  key?: string | number;
  ref?: ConsoleRef<T | null> | ((element: T | null) => void);
  children?: ConsoleNode;
  id?: string;
  className?: string;
  style?: Partial<Record<string, string | number>>;
  title?: string;
  role?: string;
  tabIndex?: number;
  hidden?: boolean;
  lang?: string;
  dangerouslySetInnerHTML?: never;
  onClick?: (event: ConsoleSyntheticEvent<T, MouseEvent>) => void;
  onKeyDown?: (event: ConsoleKeyboardEvent<T>) => void;
  onChange?: ConsoleEventHandler<T>;
  onInput?: ConsoleEventHandler<T>;
  onSubmit?: ConsoleEventHandler<T, SubmitEvent>;
  onLoad?: ConsoleEventHandler<T>;
  onClose?: ConsoleEventHandler<T>;
  onCancel?: ConsoleEventHandler<T>;
  onFocus?: ConsoleEventHandler<T, FocusEvent>;
  onBlur?: ConsoleEventHandler<T, FocusEvent>;
  [attribute: `aria-${string}`]: string | number | boolean | undefined;
  [attribute: `data-${string}`]: string | number | boolean | undefined;
  // Element-specific attributes (href, type, value, src, sandbox...): typed by what React accepts.
  [attribute: string]: unknown;
}

type ConsoleElementMap = HTMLElementTagNameMap;

type ConsoleNode = ConsoleElement | string | number | bigint | boolean | null | undefined | Iterable<ConsoleNode>;

interface ConsoleElement {
  type: unknown;
  props: unknown;
  key: string | null;
}

declare module 'react' {
  export type ReactNode = ConsoleNode;
  export type ReactElement = ConsoleElement;
  export type RefObject<T> = ConsoleRef<T>;
  export type FormEvent<T extends EventTarget = HTMLElement> = ConsoleSyntheticEvent<T, SubmitEvent>;
  export type KeyboardEvent<T extends EventTarget = HTMLElement> = ConsoleKeyboardEvent<T>;
  export type Dispatch<A> = (value: A) => void;
  export type SetStateAction<S> = S | ((previous: S) => S);
  export type ComponentType<P> = (props: P) => ConsoleElement | null;

  export function useState<S>(initial: S | (() => S)): [S, Dispatch<SetStateAction<S>>];
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useLayoutEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useRef<T>(initial: T): ConsoleRef<T>;
  export function useMemo<T>(factory: () => T, deps: readonly unknown[]): T;
  export function useCallback<T extends (...args: never[]) => unknown>(callback: T, deps: readonly unknown[]): T;
  export function useId(): string;
  export function lazy<P>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P>;
  export function Suspense(props: { fallback: ReactNode; children?: ReactNode }): ConsoleElement;
  export function StrictMode(props: { children?: ReactNode }): ConsoleElement;
}

declare module 'react-dom/client' {
  export interface Root {
    render(children: ConsoleNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element): Root;
}

declare module 'react/jsx-runtime' {
  export namespace JSX {
    type Element = ConsoleElement;
    interface ElementChildrenAttribute {
      children: object;
    }
    interface IntrinsicAttributes {
      key?: string | number;
    }
    type IntrinsicElements = { [Tag in keyof ConsoleElementMap]: ConsoleHostProps<ConsoleElementMap[Tag]> };
  }
  export function jsx(type: unknown, props: unknown, key?: string): ConsoleElement;
  export function jsxs(type: unknown, props: unknown, key?: string): ConsoleElement;
  export const Fragment: unique symbol;
}

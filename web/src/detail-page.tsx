import type { ComponentChildren } from 'preact';
import { session } from './api.js';
import { type Loaded, Loading } from './components.js';
import { EventList, type EventWithDeliveries, RawJson } from './events.js';
import { useObservable } from './store.js';

/**
 * The frame of an object's page: the way back, the heading with the object's id, what the page shows of
 * it, then its events with their webhook deliveries (resend for a write key) and its raw JSON.
 */
export function DetailPage<D extends { events: EventWithDeliveries[] }>(props: {
  back: { href: string; label: string };
  heading: string;
  id: string;
  /** h1, or h2 inside a page that has its own h1 (the payouts' tabs). */
  level?: 1 | 2;
  loaded: Loaded<D>;
  /** Between the loading state and the content: an action's feedback and dialog. */
  above?: ComponentChildren;
  /** The object shown as raw JSON at the bottom. */
  raw: (data: D) => unknown;
  children: (data: D) => ComponentChildren;
}) {
  const current = useObservable(session);
  const { loaded } = props;
  const Heading = props.level === 2 ? 'h2' : 'h1';
  return (
    <>
      <p>
        <a href={props.back.href}>← {props.back.label}</a>
      </p>
      <Heading>
        {props.heading} <code>{props.id}</code>
      </Heading>
      <Loading loaded={loaded} />
      {props.above}
      {loaded.data ? (
        <>
          {props.children(loaded.data)}
          <EventList
            events={loaded.data.events}
            readOnly={current?.key_kind === 'restricted'}
            onChanged={loaded.reload}
          />
          <RawJson value={props.raw(loaded.data)} />
        </>
      ) : null}
    </>
  );
}

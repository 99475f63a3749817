import type { PageMessage, PageState } from '../pageState.js';
import { chosenOption, renderBlocks } from '../render/blockKit.js';
import { renderMrkdwn } from '../render/mrkdwn.js';
import { type FieldValue, h, readField, readFields, toDom } from './dom.js';
import { HINT_COMMANDS, WORDS, type Words } from './words.js';

const USER_KEY = 'koers-playground-user';
const WORKSPACE_KEY = 'koers-playground-workspace';
let me = localStorage.getItem(USER_KEY) ?? 'U0PGADMIN';
/** The workspace shown (its team id); empty for the first. Every request acts in it. */
let team = localStorage.getItem(WORKSPACE_KEY) ?? '';
let current = 'C0INNOVATIE';
let state: PageState | null = null;
let modalKey = '';
let homeKey = '';
/** The channel's canvas tab is open instead of its messages. */
let showCanvas = false;

const app = document.getElementById('app') as HTMLElement;

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`/playground/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...(team && { workspace: team }), ...(body as object) }),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function refresh(): Promise<void> {
  const response = await fetch(
    `/playground/state?user=${encodeURIComponent(me)}${team && `&workspace=${encodeURIComponent(team)}`}`,
  );
  if (!response.ok) {
    me = 'U0PGADMIN';
    team = '';
    return;
  }
  state = (await response.json()) as PageState;
  render();
}

function words(): Words {
  const persona = state?.personas.find((p) => p.id === me);
  return persona?.locale.startsWith('en') ? WORDS.en : WORDS.nl;
}

const names = {
  user: (id: string) => state?.userNames[id],
  channel: (id: string) => state?.channelNames[id],
};

// The layout is built once; render() fills in what changed, so focus and typed text survive updates.
const bar = h('header', { class: 'bar' });
const side = h('nav', { class: 'side' });
const main = h('main');
const dialog = h('dialog', { 'aria-labelledby': 'modal-title' }) as HTMLDialogElement;
app.replaceChildren(bar, side, main, dialog);

const workspaceSelect = h('select', { id: 'workspace' }) as HTMLSelectElement;
const workspaceLabel = h('label', { for: 'workspace' });
const userSelect = h('select', { id: 'user' }) as HTMLSelectElement;
const userLabel = h('label', { for: 'user' });
const clockInput = h('input', { id: 'clock', type: 'datetime-local', step: '60' }) as HTMLInputElement;
const clockLabel = h('label', { for: 'clock' });
// The input shows the browser's own date format (US in an American browser): the page's words beside it.
const clockWords = h('span', { class: 'clock-words', id: 'clock-words' });
const zone = h('span', { class: 'status' });
const runButton = h('button', { type: 'button', class: 'btn' });
const resetButton = h('button', { type: 'button', class: 'btn', id: 'start-anew' });
const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
bar.append(
  h('h1', {}, ['Koers playground']),
  workspaceLabel,
  workspaceSelect,
  userLabel,
  userSelect,
  clockLabel,
  clockInput,
  clockWords,
  zone,
  runButton,
  resetButton,
  status,
);

const banner = h('p', { class: 'banner', id: 'banner' });
const heading = h('h2', { id: 'conversation-title' });
const canvasTab = h('button', { type: 'button', class: 'btn canvas-tab', 'aria-pressed': 'false' });
const canvasPane = h('pre', { class: 'canvas', 'data-surface': 'canvas' });
canvasTab.addEventListener('click', () => {
  showCanvas = !showCanvas;
  render();
});
const log = h('div', { class: 'log', role: 'log', 'aria-labelledby': 'conversation-title' });
const homePane = h('div', { class: 'home', 'data-surface': 'home' });
const composerInput = h('input', { type: 'text', id: 'composer', autocomplete: 'off' }) as HTMLInputElement;
const composerHint = h('p', { class: 'hint', id: 'composer-hint' });
// A file sent in the direct message with Koers: how an admin hands it the programme file.
const fileInput = h('input', {
  type: 'file',
  id: 'send-file',
  accept: '.yml,.yaml,.txt,*/*',
}) as HTMLInputElement;
const fileLabel = h('label', { for: 'send-file', class: 'btn file' });
const fileHint = h('span', { class: 'hint' });
const filePicker = h('p', { class: 'file-picker' }, [fileLabel, fileInput, fileHint]);
const composer = h('div', { class: 'composer' }, [composerInput, filePicker, composerHint]);
main.append(
  banner,
  h('div', { class: 'conversation-header' }, [heading, canvasTab]),
  canvasPane,
  log,
  homePane,
  composer,
);

/** A command to click: sent in the conversation shown, as if typed. */
function commandButton(command: string): HTMLElement {
  return h('button', { type: 'button', class: 'btn command', 'data-command': command }, [command]);
}

// Another workspace: its own channels, messages, modals and Home, as when switching workspaces in Slack.
workspaceSelect.addEventListener('change', () => {
  team = workspaceSelect.value;
  localStorage.setItem(WORKSPACE_KEY, team);
  modalKey = '';
  homeKey = '';
  showCanvas = false;
  if (!current.startsWith('D') && current !== 'home') current = '';
  void refresh().then(() => (current === 'home' ? post('home', { user: me }) : undefined));
});
userSelect.addEventListener('change', () => {
  me = userSelect.value;
  localStorage.setItem(USER_KEY, me);
  modalKey = '';
  homeKey = '';
  if (current.startsWith('D')) current = `D${me.slice(1)}`;
  void refresh().then(() => (current === 'home' ? post('home', { user: me }) : undefined));
});
clockInput.addEventListener('change', () => {
  if (clockInput.value) void post('clock', { at: clockInput.value });
});
runButton.addEventListener('click', async () => {
  const result = await post('reminders', {});
  status.textContent = typeof result.sent === 'number' ? words().posted(result.sent) : '';
});
resetButton.addEventListener('click', async () => {
  const result = await post('reset', {});
  modalKey = '';
  homeKey = '';
  status.textContent = result.ok === true ? words().startedAnew : words().cannotStartAnew;
});
document.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLElement>('[data-command]');
  if (!button || current === 'home') return;
  void post('command', { user: me, channel: current, text: button.dataset.command ?? '' });
});
composerInput.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  const text = composerInput.value.trim();
  if (!text || current === 'home') return;
  composerInput.value = '';
  void post('command', { user: me, channel: current, text });
});

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  fileInput.value = '';
  if (!file || !current.startsWith('D')) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  await post('sendFile', { user: me, channel: current, name: file.name, base64: btoa(binary) });
});

function render(): void {
  if (!state) return;
  const w = words();
  document.documentElement.lang = w === WORDS.en ? 'en' : 'nl';
  // A conversation of another workspace (the page opened on one, or just switched): its welcome channel.
  if (current !== 'home' && !state.channels.some((c) => c.id === current)) current = state.welcomeChannel;
  workspaceLabel.textContent = w.workspace;
  workspaceSelect.replaceChildren(
    ...state.workspaces.map((workspace) => {
      const option = h('option', { value: workspace.id }, [workspace.name]) as HTMLOptionElement;
      option.selected = workspace.id === state?.workspace;
      return option;
    }),
  );
  workspaceLabel.hidden = state.workspaces.length < 2;
  workspaceSelect.hidden = state.workspaces.length < 2;
  userLabel.textContent = w.user;
  userSelect.replaceChildren(
    ...state.personas.map((p) => {
      const option = h('option', { value: p.id }, [`${p.name} (${w.roles[p.role]})`]) as HTMLOptionElement;
      option.selected = p.id === me;
      return option;
    }),
  );
  clockLabel.textContent = w.time;
  if (document.activeElement !== clockInput) clockInput.value = state.clock;
  clockInput.setAttribute('aria-describedby', 'clock-words');
  clockWords.textContent = clockInWords(state.clock, w);
  zone.textContent = state.timezone;
  runButton.textContent = w.runReminders;
  resetButton.textContent = w.startAnew;
  resetButton.title = w.startAnewHint;
  resetButton.hidden = !state.canStartAnew;
  composerInput.setAttribute('aria-label', w.message);
  composerInput.setAttribute('aria-describedby', 'composer-hint');
  composerInput.placeholder = '/project status';
  composerHint.replaceChildren(`${w.composerHint} `, ...HINT_COMMANDS.map(commandButton));
  fileLabel.textContent = w.sendFile;
  fileHint.textContent = ` ${w.sendFileHint}`;
  filePicker.hidden = !current.startsWith('D');
  const persona = state.personas.find((p) => p.id === me);
  banner.textContent = persona ? w.banner(persona.name, w.roles[persona.role]) : '';
  renderSide(w);
  renderConversation(w);
  renderModal();
}

/** `2017-09-18T10:00` (the programme's local time) as the page's language writes it. */
function clockInWords(local: string, w: Words): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!match) return '';
  const [, y, mo, d, hh, mi] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, hh, mi)).toLocaleString(w === WORDS.en ? 'en-GB' : 'nl-NL', {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
}

function renderSide(w: Words): void {
  if (!state) return;
  const item = (id: string, label: string, prefix: string) => {
    const button = h(
      'button',
      { type: 'button', 'data-conversation': id, 'aria-current': String(id === current) },
      [h('span', { 'aria-hidden': 'true' }, [prefix]), label],
    );
    button.addEventListener('click', () => {
      current = id;
      render();
      if (id === 'home') void post('home', { user: me });
      else composerInput.focus();
    });
    return h('li', {}, [button]);
  };
  const channels = state.channels.filter((c) => c.kind === 'channel');
  const direct = state.channels.filter((c) => c.kind === 'im');
  const shown = state.workspaces.find((workspace) => workspace.id === state?.workspace);
  side.replaceChildren(
    h('p', { class: 'team-name', id: 'team-name' }, [shown?.name ?? '']),
    h('ul', {}, [item('home', w.home, '⌂ ')]),
    h('h2', {}, [w.channels]),
    h(
      'ul',
      {},
      channels.map((c) => item(c.id, c.name, '# ')),
    ),
    h('h2', {}, [w.directMessages]),
    h(
      'ul',
      {},
      direct.map((c) => item(c.id, c.name, '● ')),
    ),
  );
}

function renderConversation(w: Words): void {
  if (!state) return;
  const isHome = current === 'home';
  homePane.hidden = !isHome;
  log.hidden = isHome;
  composer.hidden = isHome;
  canvasTab.hidden = isHome;
  canvasPane.hidden = isHome;
  heading.textContent = isHome
    ? 'Koers · Home'
    : `${current.startsWith('C') ? '#' : ''}${state.channelNames[current] ?? current}`;
  if (isHome) {
    const key = JSON.stringify([state.homeId, state.home]);
    if (key !== homeKey) {
      homeKey = key;
      homePane.dataset.viewId = state.homeId ?? '';
      homePane.replaceChildren(
        ...(state.home ? renderBlocks(state.home.blocks, { names }).map(toDom) : [h('p', {}, [w.noHome])]),
      );
    }
    return;
  }
  // A channel with a canvas has its tab in the header, as in Slack; the canvas is shown as its Markdown.
  const canvas = isHome ? undefined : state.canvases[current];
  canvasTab.hidden = canvas === undefined;
  if (canvas === undefined) showCanvas = false;
  canvasTab.textContent = `🗒 ${w.canvas}`;
  canvasTab.setAttribute('aria-pressed', String(showCanvas));
  canvasPane.hidden = !showCanvas;
  canvasPane.textContent = canvas ?? '';
  log.hidden = showCanvas;
  const messages = state.messages.filter((m) => m.channel === current);
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  const pinned = messages.filter((m) => m.pinned);
  log.replaceChildren(
    ...(pinned.length ? [pinnedBar(pinned, w)] : []),
    ...(current === state.welcomeChannel ? [welcome(w)] : []),
    ...(messages.length ? messages.map((m) => renderMessage(m, w)) : [h('p', {}, [w.nothing])]),
  );
  if (atBottom || messages.length) log.scrollTop = log.scrollHeight;
}

/** The channel's pinned messages (Koers's live overview), at the top of the channel as Slack shows them. */
function pinnedBar(pinned: PageMessage[], w: Words): HTMLElement {
  return h('section', { class: 'pinned', 'aria-label': w.pinned }, [
    h('div', { class: 'pinned-mark' }, [`📌 ${w.pinned}`]),
    ...pinned.map((message) =>
      h(
        'div',
        { class: 'body', 'data-pinned-ts': message.ts },
        message.blocks?.length
          ? renderBlocks(message.blocks, { names }).map(toDom)
          : renderMrkdwn(message.text, names).map(toDom),
      ),
    ),
  ]);
}

/**
 * What Koers is and three things to try: the page's own words, above the channel's messages. In another
 * workspace than the first, what that one is there for.
 */
function welcome(w: Words): HTMLElement {
  const shown = state?.workspaces.find((workspace) => workspace.id === state?.workspace);
  const isFirst = !state || state.workspaces[0]?.id === state.workspace;
  return h('section', { class: 'welcome', 'aria-labelledby': 'welcome-title' }, [
    h('h3', { id: 'welcome-title' }, [isFirst ? w.welcomeTitle : w.otherWorkspaceTitle(shown?.name ?? '')]),
    h('p', {}, [isFirst ? w.welcomeText : w.otherWorkspaceText]),
    h('p', {}, [w.welcomeTry]),
    h(
      'ul',
      {},
      w.tryCommands.map(([command, what]) => h('li', {}, [commandButton(command), ` ${what}`])),
    ),
    h('p', { class: 'hint' }, [w.welcomeReminder]),
  ]);
}

function renderMessage(message: PageMessage, w: Words): HTMLElement {
  const time = new Date(Number(message.ts) * 1000).toLocaleString(w === WORDS.en ? 'en-GB' : 'nl-NL', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: state?.timezone,
  });
  const body = message.blocks?.length
    ? renderBlocks(message.blocks, { names }).map(toDom)
    : renderMrkdwn(message.text, names).map(toDom);
  const article = h(
    'article',
    {
      class: `message${message.ephemeral ? ' ephemeral' : ''}`,
      'data-message-ts': message.ts,
      'data-channel': message.channel,
    },
    [
      h('div', { class: 'meta' }, [h('strong', {}, [message.userName]), time]),
      ...(message.ephemeral ? [h('div', { class: 'ephemeral-mark' }, [w.onlyYou])] : []),
      h('div', { class: 'body' }, body),
    ],
  );
  if (message.file) {
    article.append(
      h('div', { class: 'file' }, [
        h(
          'a',
          {
            href: `/playground/files/${encodeURIComponent(message.file.id)}${team && `?workspace=${encodeURIComponent(team)}`}`,
            download: message.file.name,
            class: 'btn',
          },
          [`⬇ ${w.download} ${message.file.name} (${message.file.size} B)`],
        ),
      ]),
    );
  }
  return article;
}

function renderModal(): void {
  const modal = state?.modal;
  if (!modal) {
    modalKey = '';
    if (dialog.open) dialog.close();
    return;
  }
  const key = JSON.stringify([modal.id, modal.view, modal.depth]);
  if (key !== modalKey) {
    modalKey = key;
    const view = modal.view;
    const title = text(view.title);
    const submit = text(view.submit);
    const close = text(view.close) || '×';
    const form = h('form', { 'data-view-id': modal.id, novalidate: '' });
    const closeButton = h('button', { type: 'button', class: 'btn' }, [close]);
    closeButton.addEventListener('click', () => void post('close', { user: me, viewId: modal.id }));
    form.append(
      h('div', { class: 'modal-head' }, [h('h2', { id: 'modal-title' }, [title])]),
      h('div', { class: 'modal-body' }, [
        h('div', { class: 'view-error', role: 'alert' }),
        ...renderBlocks(view.blocks, {
          names,
          optional: words().optional,
          users: (state?.personas ?? []).map((persona) => ({ id: persona.id, name: persona.name })),
        }).map(toDom),
      ]),
      h('div', { class: 'modal-foot' }, [
        closeButton,
        ...(submit ? [h('button', { type: 'submit', class: 'btn primary' }, [submit])] : []),
      ]),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void post('submit', { user: me, viewId: modal.id, values: readFields(form) });
    });
    dialog.replaceChildren(form);
    if (!dialog.open) dialog.showModal();
    (form.querySelector('input, select, textarea, button') as HTMLElement | null)?.focus();
  }
  applyErrors(modal.errors);
}

/** Field errors under their fields, as Slack shows them; what was typed stays. */
function applyErrors(errors: Record<string, string>): void {
  for (const old of dialog.querySelectorAll('.field-error')) old.remove();
  for (const block of dialog.querySelectorAll<HTMLElement>('[data-input-block]')) {
    const message = errors[block.dataset.inputBlock ?? ''];
    block.classList.toggle('has-error', Boolean(message));
    const control = block.querySelector<HTMLElement>('input, select, textarea, fieldset');
    const errorId = `error-${block.dataset.inputBlock}`;
    if (message) {
      block.append(h('p', { class: 'field-error', id: errorId, role: 'alert' }, [message]));
      control?.setAttribute('aria-invalid', 'true');
      control?.setAttribute('aria-describedby', errorId);
    } else {
      control?.removeAttribute('aria-invalid');
    }
  }
  const viewError = dialog.querySelector('.view-error');
  if (viewError) viewError.textContent = errors[''] ?? '';
}

dialog.addEventListener('cancel', (event) => {
  event.preventDefault();
  const id = state?.modal?.id;
  if (id) void post('close', { user: me, viewId: id });
});

function text(value: unknown): string {
  return value && typeof value === 'object' && 'text' in value
    ? String((value as { text: unknown }).text)
    : '';
}

/** Where an element sits: a message (channel and ts) or a view (modal or Home). */
function placeOf(element: HTMLElement): {
  channel?: string;
  messageTs?: string;
  viewId?: string;
  values?: FieldValue[];
} {
  const message = element.closest<HTMLElement>('[data-message-ts]');
  if (message) return { channel: message.dataset.channel, messageTs: message.dataset.messageTs };
  const view = element.closest<HTMLElement>('[data-view-id]');
  return view ? { viewId: view.dataset.viewId, values: readFields(view) } : {};
}

// One listener per kind of interaction, for every message, Home and modal.
document.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const chip = target.closest('.chip .remove');
  if (chip) {
    chip.closest('.chip')?.remove();
    return;
  }
  const suggestion = target.closest<HTMLElement>('.suggestions [role=option]');
  if (suggestion) return choose(suggestion);
  const button = target.closest<HTMLElement>('[data-kind=button]');
  if (!button) return;
  const confirm = button.dataset.confirm
    ? (JSON.parse(button.dataset.confirm) as { title: string; text: string })
    : null;
  if (confirm && !window.confirm(`${confirm.title}\n\n${confirm.text}`)) return;
  if (button.tagName !== 'A') event.preventDefault();
  void post('action', {
    user: me,
    ...placeOf(button),
    blockId: button.dataset.blockId,
    actionId: button.dataset.actionId,
    kind: 'button',
    label: button.textContent ?? '',
    ...(button.dataset.value !== undefined ? { value: button.dataset.value } : {}),
  });
});

// Outside an input block (a message, the Home), choosing is an action of its own, as in Slack.
document.addEventListener('change', (event) => {
  const target = event.target as HTMLElement;
  const element = target.closest<HTMLElement>('[data-kind]');
  if (!element || element.closest('[data-input-block]') || element.dataset.kind === 'button') return;
  if (element.closest('dialog') && !element.closest('.actions, .accessory')) return;
  const field = readField(element);
  if (field) void post('action', { user: me, ...placeOf(element), ...field });
});

const searches = new WeakMap<HTMLElement, number>();
document.addEventListener('input', (event) => {
  const input = event.target as HTMLInputElement;
  if (input.getAttribute('role') !== 'combobox') return;
  const widget = input.closest<HTMLElement>('.external-select');
  const view = input.closest<HTMLElement>('[data-view-id]');
  if (!widget || !view) return;
  window.clearTimeout(searches.get(input));
  searches.set(
    input,
    window.setTimeout(async () => {
      const listbox = widget.querySelector('.suggestions') as HTMLElement;
      if (input.value.length < Number(widget.dataset.minQuery ?? 1)) {
        listbox.replaceChildren();
        input.setAttribute('aria-expanded', 'false');
        return;
      }
      const result = await post('suggest', {
        user: me,
        viewId: view.dataset.viewId,
        blockId: widget.dataset.blockId,
        actionId: widget.dataset.actionId,
        value: input.value,
      });
      const options = (result.options ?? []) as { value: string; text: string }[];
      listbox.replaceChildren(
        ...options.map((o) =>
          h('li', { role: 'option', tabindex: '0', 'data-value': o.value, 'aria-selected': 'false' }, [
            o.text,
          ]),
        ),
      );
      input.setAttribute('aria-expanded', String(options.length > 0));
    }, 200),
  );
});

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.key === 'Enter' && target.matches('.suggestions [role=option]')) {
    event.preventDefault();
    choose(target);
  }
});

function choose(suggestion: HTMLElement): void {
  const widget = suggestion.closest<HTMLElement>('.external-select');
  if (!widget) return;
  const chosen = widget.querySelector('.chosen') as HTMLElement;
  const value = suggestion.dataset.value ?? '';
  const label = suggestion.textContent ?? '';
  const chip = toDom(chosenOption({ value, text: { type: 'plain_text', text: label } }));
  if (widget.dataset.multi !== 'true') chosen.replaceChildren(chip);
  else if (![...chosen.children].some((c) => (c as HTMLElement).dataset.value === value)) {
    const max = Number(widget.dataset.max ?? 100);
    if (chosen.children.length < max) chosen.append(chip);
  }
  const input = widget.querySelector<HTMLInputElement>('[role=combobox]');
  if (input) {
    input.value = '';
    input.setAttribute('aria-expanded', 'false');
    input.focus();
  }
  widget.querySelector('.suggestions')?.replaceChildren();
}

// As in Slack, a reload ends what was only on this screen: ephemeral answers and open modals.
await post('arrive', { user: me });
const events = new EventSource('/playground/events');
events.addEventListener('change', () => void refresh());
events.addEventListener('open', () => void refresh());
void refresh();

/** The page's HTML: a shell the modules fill in; no inline script or style, so the CSP can forbid them. */
export const PAGE_HTML = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Koers playground</title>
<link rel="icon" href="/playground/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/playground/assets/style.css">
<script type="module" src="/playground/assets/page/main.js"></script>
</head>
<body><div id="app"><p>Koers playground…</p></div></body>
</html>
`;

/** A compass needle: the page's icon, so the browser's own request for one is not a 404. */
export const PAGE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<circle cx="16" cy="16" r="15" fill="#3f0e40"/><path d="M16 4l5 12-5 12-5-12z" fill="#fff"/>
<path d="M16 4l5 12H11z" fill="#e01e5a"/></svg>
`;

export const PAGE_STYLE = `
:root { --side: #3f0e40; --side-text: #e8dfe8; --accent: #1164a3; --border: #ddd; --muted: #616061; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1c1d; }
#app { display: grid; grid-template-columns: 230px 1fr; grid-template-rows: auto 1fr; height: 100vh; }
header.bar { grid-column: 1 / 3; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 8px 14px;
  background: #350d36; color: #fff; }
header.bar h1 { font-size: 16px; margin: 0 12px 0 0; }
header.bar label { display: flex; gap: 6px; align-items: center; font-size: 13px; }
header.bar select, header.bar input { font: inherit; padding: 3px 6px; border-radius: 4px; border: 1px solid #888; }
header.bar .status { font-size: 13px; opacity: .9; }
header.bar .clock-words { font-size: 13px; }
nav.side { background: var(--side); color: var(--side-text); padding: 12px 8px; overflow: auto; }
nav.side .team-name { font-weight: 700; font-size: 16px; color: #fff; margin: 0 8px 8px; }
nav.side h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; opacity: .7; margin: 14px 8px 4px; }
nav.side ul { list-style: none; margin: 0; padding: 0; }
nav.side button { all: unset; display: block; width: 100%; padding: 4px 10px; border-radius: 6px; cursor: pointer; }
nav.side button[aria-current="true"] { background: var(--accent); color: #fff; }
nav.side button:focus-visible { outline: 2px solid #fff; }
main { display: flex; flex-direction: column; min-height: 0; }
.banner { margin: 0; padding: 6px 18px; background: #fff8e1; border-bottom: 1px solid #f0e0a0; font-size: 13px; }
.welcome { border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; margin: 8px 0 12px; background: #f8fbff; }
.welcome h3 { margin: 0 0 4px; font-size: 16px; }
.welcome p { margin: 4px 0; }
.welcome ul { margin: 4px 0; padding-left: 18px; }
.welcome li { margin: 3px 0; }
.btn.command { font-family: ui-monospace, monospace; font-size: 13px; padding: 1px 8px; margin: 1px 4px 1px 0; }
main > h2 { margin: 0; padding: 10px 18px; border-bottom: 1px solid var(--border); font-size: 17px; }
.log { flex: 1; overflow: auto; padding: 10px 18px; }
.pinned { position: sticky; top: 0; z-index: 1; border: 1px solid #e8c96b; border-radius: 8px; padding: 8px 14px; margin: 8px 0 12px; background: #fffbea; max-height: 40vh; overflow: auto; }
.conversation-header { display: flex; align-items: center; gap: 12px; }
.canvas { white-space: pre-wrap; border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; background: #fff; overflow: auto; font: inherit; }
.pinned-mark { font-size: 12px; color: var(--muted); font-weight: 600; }
.message { padding: 8px 0; border-bottom: 1px solid #f2f2f2; }
.message .meta { font-size: 13px; color: var(--muted); }
.message .meta strong { color: #1d1c1d; margin-right: 6px; }
.message.ephemeral { background: #f8f8fb; border-left: 3px solid #8a8aa0; padding-left: 10px; }
.ephemeral-mark { font-size: 12px; color: var(--muted); font-style: italic; }
.composer { border-top: 1px solid var(--border); padding: 10px 18px; }
.composer input { width: 100%; font: inherit; padding: 9px 12px; border: 1px solid #aaa; border-radius: 8px; }
.composer .hint { font-size: 12px; color: var(--muted); margin: 4px 0 0; }
.file-picker { margin: 6px 0 0; }
.file-picker input[type=file] { position: absolute; width: 1px; height: 1px; opacity: 0; }
.file-picker input[type=file]:focus-visible + .hint, .btn.file:focus-within { outline: 2px solid #1264a3; }
.btn.file { display: inline-block; cursor: pointer; font-size: 13px; }
.home { padding: 12px 18px; overflow: auto; }
.block { margin: 6px 0; }
.block p, .block blockquote { margin: 2px 0; }
.block blockquote { border-left: 3px solid #ccc; padding-left: 8px; color: #444; }
.block.header { font-size: 18px; }
.block.context { font-size: 13px; color: var(--muted); display: flex; gap: 10px; flex-wrap: wrap; }
.block.context p { margin: 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
.section { display: flex; gap: 12px; justify-content: space-between; align-items: flex-start; flex-wrap: wrap; }
.section > .text { flex: 1; }
.section > .fields { flex-basis: 100%; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
.btn { font: inherit; font-size: 14px; padding: 4px 12px; border: 1px solid #bbb; border-radius: 4px; background: #fff;
  cursor: pointer; color: #1d1c1d; text-decoration: none; }
.btn.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.btn.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
code { background: #f6f6f6; border: 1px solid #e5e5e5; border-radius: 3px; padding: 0 3px; color: #c01343; }
pre { background: #f8f8f8; border: 1px solid #e5e5e5; padding: 8px; white-space: pre-wrap; }
dialog { width: min(620px, 94vw); max-height: 90vh; border: 0; border-radius: 10px; padding: 0;
  box-shadow: 0 10px 40px rgba(0,0,0,.35); }
dialog::backdrop { background: rgba(0,0,0,.45); }
dialog form { display: flex; flex-direction: column; max-height: 88vh; }
dialog .modal-head { padding: 14px 20px; border-bottom: 1px solid var(--border); }
dialog .modal-head h2 { margin: 0; font-size: 19px; }
dialog .modal-body { padding: 8px 20px; overflow: auto; }
/* A long unbroken word (a pasted link, a remark without spaces) wraps instead of widening the modal. */
dialog .modal-body, .message .body, .home { overflow-wrap: anywhere; }
dialog .modal-foot { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 20px; border-top: 1px solid var(--border); }
.input { display: flex; flex-direction: column; gap: 4px; margin: 12px 0; }
.input-label, legend { font-weight: 700; }
.input input[type=text], .input input[type=date], .input textarea, .input select { font: inherit; padding: 6px 8px;
  border: 1px solid #aaa; border-radius: 4px; }
.input.has-error input, .input.has-error textarea, .input.has-error select { border-color: #e01e5a; }
.field-error, .view-error { color: #b0003a; font-size: 14px; margin: 2px 0; }
fieldset.choices { border: 0; padding: 0; margin: 0; }
.choice { display: flex; gap: 6px; align-items: baseline; }
.choice .description { color: var(--muted); font-size: 13px; }
.hint { color: var(--muted); font-size: 13px; margin: 0; }
.external-select ul { list-style: none; padding: 0; margin: 0; }
.chosen { display: flex; flex-wrap: wrap; gap: 4px; }
.chip { background: #e8f5fa; border-radius: 12px; padding: 1px 4px 1px 10px; }
.chip .remove { all: unset; cursor: pointer; padding: 0 6px; }
.suggestions li { padding: 4px 8px; cursor: pointer; border: 1px solid #eee; }
.suggestions li:hover, .suggestions li:focus { background: #e8f5fa; }
.unsupported { color: #b0003a; font-style: italic; }
.file a { display: inline-block; margin-top: 4px; }
`;

// A rule's documentation is a Markdown file beside its module, imported as text
// (esbuild's `text` loader for `.md`, set in every build that bundles the core).
declare module '*.md' {
  const text: string;
  export default text;
}

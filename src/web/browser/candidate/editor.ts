// The code editor: CodeMirror 6, bundled with this script (no CDN), replacing a code question's <textarea>
// and keeping it in sync, so the page works without JavaScript and the autosave reads one value.
// Tab indents; Escape then Tab leaves the editor (CodeMirror's accessible default with indentWithTab).
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/**
 * The languages of CODE_LANGUAGES (src/assessments/assessment.entity.ts), each loaded only when a question asks
 * for it (a chunk of its own: the grammars together would weigh more than the editor).
 */
const LANGUAGES: Record<string, () => Promise<Extension>> = {
  typescript: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  javascript: async () => (await import('@codemirror/lang-javascript')).javascript(),
  python: async () => [(await import('@codemirror/lang-python')).python(), indentUnit.of('    ')],
  java: async () => (await import('@codemirror/lang-java')).java(),
  kotlin: async () => StreamLanguage.define((await import('@codemirror/legacy-modes/mode/clike')).kotlin),
  go: async () => [(await import('@codemirror/lang-go')).go(), indentUnit.of('\t')],
  rust: async () => [(await import('@codemirror/lang-rust')).rust(), indentUnit.of('    ')],
  csharp: async () => StreamLanguage.define((await import('@codemirror/legacy-modes/mode/clike')).csharp),
  cpp: async () => (await import('@codemirror/lang-cpp')).cpp(),
  ruby: async () => StreamLanguage.define((await import('@codemirror/legacy-modes/mode/ruby')).ruby),
  php: async () => (await import('@codemirror/lang-php')).php({ plain: true }),
  sql: async () => (await import('@codemirror/lang-sql')).sql(),
  shell: async () => StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell),
};

const READ_ONLY = [EditorState.readOnly.of(true), EditorView.editable.of(false)];

export interface CodeEditor {
  value(): string;
  /** Sets the text without it counting as the candidate's change. */
  setValue(value: string): void;
  setReadOnly(readOnly: boolean): void;
  focus(): void;
  readonly dom: HTMLElement;
}

export function createCodeEditor(
  textarea: HTMLTextAreaElement,
  options: {
    language: string | null;
    labelledBy: string;
    describedBy: string;
    onChange: () => void;
    readOnly: boolean;
  },
): CodeEditor {
  const editable = new Compartment();
  const language = new Compartment();
  let quiet = false;
  const view = new EditorView({
    parent: textarea.parentElement ?? undefined,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        language.of([]),
        editable.of(options.readOnly ? READ_ONLY : []),
        // Through the facet: CodeMirror rewrites its root's class attribute, so a class added by hand goes away.
        EditorView.editorAttributes.of({ class: 'code-editor' }),
        EditorView.contentAttributes.of({
          'aria-labelledby': options.labelledBy,
          'aria-describedby': options.describedBy,
          'aria-multiline': 'true',
          spellcheck: 'false',
          autocapitalize: 'off',
          autocorrect: 'off',
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          if (!quiet) options.onChange();
        }),
        EditorView.domEventHandlers({
          blur: () => {
            textarea.dispatchEvent(new Event('blur'));
          },
        }),
      ],
    }),
  });
  const load = options.language ? LANGUAGES[options.language] : undefined;
  // Without its grammar (offline when the chunk was due) the editor still works, unhighlighted.
  load?.()
    .then((support) => view.dispatch({ effects: language.reconfigure(support) }))
    .catch(() => undefined);
  textarea.after(view.dom);
  textarea.hidden = true;
  return {
    value: () => view.state.doc.toString(),
    setValue(value) {
      quiet = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
      quiet = false;
    },
    setReadOnly(readOnly) {
      view.dispatch({
        effects: editable.reconfigure(readOnly ? READ_ONLY : []),
      });
    },
    focus: () => view.focus(),
    get dom() {
      return view.contentDOM;
    },
  };
}

import { useEffect } from 'react';
import { Button, Divider, Space, Tooltip } from 'antd';
import {
  BoldOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  PictureOutlined,
  TableOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { EditorContent, Mark, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';

/** Note markers (注①, [1]) are superscripts; Word footnotes arrive as them through the .docx import. */
const Superscript = Mark.create({
  name: 'superscript',
  parseHTML: () => [{ tag: 'sup' }],
  renderHTML: () => ['sup', 0],
});

/**
 * A citation of an excerpt card (provenance): `<sup data-card="12">〔卡12〕</sup>`. The server keeps the attribute in
 * the sanitised HTML; the book leaves the marker out or prints the card's source as a footnote.
 */
const CardRef = Mark.create({
  name: 'cardRef',
  priority: 1100,
  inclusive: false,
  addAttributes: () => ({
    card: {
      default: null,
      parseHTML: (el) => el.getAttribute('data-card'),
      renderHTML: (attrs) => ({ 'data-card': attrs.card as string }),
    },
  }),
  parseHTML: () => [{ tag: 'sup[data-card]' }],
  renderHTML: ({ HTMLAttributes }) => ['sup', { ...HTMLAttributes, class: 'fz-card-ref' }, 0],
});

/** Inserts a card reference at the cursor. */
export function insertCardRef(editor: Editor, cardId: number) {
  editor
    .chain()
    .focus()
    .insertContent({
      type: 'text',
      text: `〔卡${cardId}〕`,
      marks: [{ type: 'cardRef', attrs: { card: String(cardId) } }],
    })
    .run();
}

/** Rich-text editing of one draft: headings, emphasis, lists, tables, images; a paste from Word keeps its structure. */
export function useDraftEditor(html: string, editable: boolean): Editor | null {
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: false }),
      Image.configure({ allowBase64: true }),
      Superscript,
      CardRef,
      TableKit.configure({ table: { resizable: false } }),
    ],
    content: html,
    editable,
    immediatelyRender: true,
  });
  useEffect(() => {
    if (editor && editor.getHTML() !== html) editor.commands.setContent(html, { emitUpdate: false });
  }, [editor, html]);
  useEffect(() => editor?.setEditable(editable), [editor, editable]);
  return editor;
}

function pickImage(editor: Editor) {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/png,image/jpeg,image/gif';
  input.onchange = () => {
    const file = input.files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () =>
      editor
        .chain()
        .focus()
        .setImage({ src: String(reader.result), alt: file.name.replace(/\.[^.]+$/, '') })
        .run();
    reader.readAsDataURL(file);
  };
  input.click();
}

export function DraftToolbar({ editor, onCite }: { editor: Editor; onCite?: () => void }) {
  const inTable = editor.isActive('table');
  return (
    <Space wrap size={4}>
      <Button
        size="small"
        type={editor.isActive('heading', { level: 2 }) ? 'primary' : 'default'}
        onClick={() => editor.chain().focus().toggleHeading({ level: 2 }).run()}
      >
        标题
      </Button>
      <Button
        size="small"
        type={editor.isActive('heading', { level: 3 }) ? 'primary' : 'default'}
        onClick={() => editor.chain().focus().toggleHeading({ level: 3 }).run()}
      >
        小标题
      </Button>
      <Tooltip title="加粗">
        <Button
          size="small"
          icon={<BoldOutlined />}
          type={editor.isActive('bold') ? 'primary' : 'default'}
          onClick={() => editor.chain().focus().toggleBold().run()}
        />
      </Tooltip>
      <Tooltip title="倾斜">
        <Button
          size="small"
          icon={<ItalicOutlined />}
          type={editor.isActive('italic') ? 'primary' : 'default'}
          onClick={() => editor.chain().focus().toggleItalic().run()}
        />
      </Tooltip>
      <Tooltip title="注释上标">
        <Button
          size="small"
          type={editor.isActive('superscript') ? 'primary' : 'default'}
          onClick={() => editor.chain().focus().toggleMark('superscript').run()}
          disabled={!editor.schema.marks.superscript}
        >
          注
        </Button>
      </Tooltip>
      <Tooltip title="项目符号">
        <Button
          size="small"
          icon={<UnorderedListOutlined />}
          onClick={() => editor.chain().focus().toggleBulletList().run()}
        />
      </Tooltip>
      <Tooltip title="编号">
        <Button
          size="small"
          icon={<OrderedListOutlined />}
          onClick={() => editor.chain().focus().toggleOrderedList().run()}
        />
      </Tooltip>
      <Divider type="vertical" />
      <Tooltip title="插入表格">
        <Button
          size="small"
          icon={<TableOutlined />}
          onClick={() => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
        />
      </Tooltip>
      {inTable && (
        <>
          <Button size="small" onClick={() => editor.chain().focus().addRowAfter().run()}>
            加行
          </Button>
          <Button size="small" onClick={() => editor.chain().focus().addColumnAfter().run()}>
            加列
          </Button>
          <Button size="small" onClick={() => editor.chain().focus().mergeOrSplit().run()}>
            合并/拆分单元格
          </Button>
          <Button size="small" danger onClick={() => editor.chain().focus().deleteTable().run()}>
            删表
          </Button>
        </>
      )}
      <Tooltip title="插入图片">
        <Button size="small" icon={<PictureOutlined />} onClick={() => pickImage(editor)} />
      </Tooltip>
      {onCite && (
        <>
          <Divider type="vertical" />
          <Tooltip title="在光标处引用一张摘录卡片（段落出处）">
            <Button size="small" icon={<LinkOutlined />} onClick={onCite}>
              引用资料
            </Button>
          </Tooltip>
        </>
      )}
    </Space>
  );
}

export function DraftEditorView({ editor }: { editor: Editor | null }) {
  return (
    <div className="fz-draft-editor">
      <EditorContent editor={editor} />
    </div>
  );
}

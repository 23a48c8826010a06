import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, checkAttachment, sanitizeFileName } from './attachment-type.ts';

const bytes = (...head: number[]) => new Uint8Array([...head, 0, 1, 2, 3]);
const PDF = bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31);
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04);
const OLE = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const JPG = bytes(0xff, 0xd8, 0xff, 0xe0);
const EXE = bytes(0x4d, 0x5a, 0x90, 0x00);

describe('report attachment check', () => {
  it('accepts office documents, PDFs, images and zips whose bytes match the extension, with the right mime', () => {
    expect(checkAttachment('进展.pdf', PDF)).toEqual({ ok: true, mime: 'application/pdf', fileName: '进展.pdf' });
    expect(checkAttachment('统计表.XLSX', ZIP)).toMatchObject({
      ok: true,
      mime: expect.stringContaining('spreadsheetml'),
    });
    expect(checkAttachment('旧表.xls', OLE)).toMatchObject({ ok: true, mime: 'application/vnd.ms-excel' });
    expect(checkAttachment('照片.jpeg', JPG)).toMatchObject({ ok: true, mime: 'image/jpeg' });
    expect(checkAttachment('截图.png', PNG)).toMatchObject({ ok: true, mime: 'image/png' });
    expect(checkAttachment('材料.zip', ZIP)).toMatchObject({ ok: true, mime: 'application/zip' });
  });

  it('refuses a program renamed to .pdf, a PDF renamed to .docx, and unknown extensions, in Chinese', () => {
    const renamed = checkAttachment('进展.pdf', EXE);
    expect(renamed).toMatchObject({ ok: false, reason: 'type' });
    expect(!renamed.ok && renamed.message).toMatch(/内容与扩展名不符/);
    expect(checkAttachment('进展.docx', PDF)).toMatchObject({ ok: false, reason: 'type' });
    const exe = checkAttachment('setup.exe', EXE);
    expect(!exe.ok && exe.message).toMatch(/不支持“\.exe”/);
    expect(checkAttachment('无扩展名', PDF)).toMatchObject({ ok: false, reason: 'type' });
  });

  it('refuses files over 10 MB and empty files, saying the limit', () => {
    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const res = checkAttachment('大文件.pdf', big);
    expect(res).toMatchObject({ ok: false, reason: 'too_large' });
    expect(!res.ok && res.message).toMatch(/10 MB/);
    const exact = new Uint8Array(ATTACHMENT_MAX_BYTES);
    exact.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    expect(checkAttachment('刚好.pdf', exact).ok).toBe(true);
    expect(checkAttachment('空.pdf', new Uint8Array(0))).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('sanitises file names: no paths, control characters or header-breaking quotes; keeps Chinese', () => {
    expect(sanitizeFileName('C:\\Users\\王\\资料科 6月进展.docx')).toBe('资料科 6月进展.docx');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('a"b\r\nc;.pdf')).toBe('a_b__c_.pdf');
    expect(sanitizeFileName('...')).toBe('附件');
    expect([...sanitizeFileName(`${'长'.repeat(300)}.pdf`)].length).toBe(104);
  });
});

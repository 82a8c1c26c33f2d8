import { deflateRawSync, crc32 } from 'node:zlib';
import { cleanFilename, sniffAttachment } from './attachments.js';

/** A minimal zip with the given entry names (stored as deflated empty files). */
function zipWith(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = deflateRawSync(Buffer.from('<x/>'));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(Buffer.from('<x/>')), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(4, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(Buffer.from('<x/>')), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(4, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('sniffAttachment', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png'],
    ['a JPEG', Buffer.from('ffd8ffe000104a464946', 'hex'), 'image/jpeg'],
    ['a WebP', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]), 'image/webp'],
    [
      'a .docx',
      zipWith(['[Content_Types].xml', 'word/document.xml']),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['an .xlsx (a zip without word/)', zipWith(['[Content_Types].xml', 'xl/workbook.xml']), undefined],
    ['a program', Buffer.from('4d5a90000300000004000000ffff', 'hex'), undefined],
    ['text calling itself a PDF', Buffer.from('hello %PDF-1.7'), undefined],
    ['a damaged zip', Buffer.from('504b0304deadbeef', 'hex'), undefined],
    ['nothing', Buffer.alloc(0), undefined],
  ])('%s is %s', (_what, data, type) => {
    expect(sniffAttachment(data)).toBe(type);
  });
});

describe('cleanFilename', () => {
  it.each([
    ['合同.pdf', 'application/pdf', '合同.pdf'],
    ['C:\\scans\\营业执照.JPG', 'image/jpeg', '营业执照.JPG'],
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['a"b<c>.png', 'image/png', 'abc.png'],
    ['', 'image/png', 'attachment.png'],
  ] as const)('%s (%s) → %s', (name, type, expected) => expect(cleanFilename(name, type)).toBe(expected));
});

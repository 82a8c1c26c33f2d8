import { isPdf, MAX_SLIDES_BYTES, slidesFilename, slidesProblem } from './slides.js';

const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');

describe('slides', () => {
  it('recognises a PDF by its first bytes only', () => {
    expect(isPdf(pdf)).toBe(true);
    expect(isPdf(Buffer.from('PK\u0003\u0004 a pptx is a zip'))).toBe(false);
    expect(isPdf(Buffer.from(' %PDF-1.7'))).toBe(false);
    expect(isPdf(Buffer.from('%PD'))).toBe(false);
  });

  it.each([
    [{ data: pdf }, undefined],
    [{ data: Buffer.from('<html>not slides</html>') }, 'the slides must be a PDF file'],
    [{ data: Buffer.alloc(0) }, 'the file is empty'],
    [{ data: pdf, truncated: true }, 'the slides must be at most 5 MB'],
    [{ data: Buffer.concat([pdf, Buffer.alloc(MAX_SLIDES_BYTES)]) }, 'the slides must be at most 5 MB'],
  ])('upload %# → %s', (file, problem) => {
    expect(slidesProblem(file)).toBe(problem);
  });

  it('names the download after the project, without characters a header or a file system refuses', () => {
    expect(slidesFilename('汽车磁流变智能油气悬架')).toBe('汽车磁流变智能油气悬架.pdf');
    expect(slidesFilename('a/b: "c"')).toBe('a b c.pdf');
    expect(slidesFilename('///')).toBe('slides.pdf');
  });
});

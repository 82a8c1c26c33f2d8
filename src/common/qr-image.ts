import QRCode from 'qrcode';

/**
 * A QR code as a PNG image. Badges printed on paper use error correction Q, screens and emails M. Drawn where the
 * image is needed (a page, an email being sent), never stored: the code is the data, the picture is derived.
 */
export function qrPng(code: string, options: { level?: 'M' | 'Q'; scale?: number } = {}): Promise<Buffer> {
  return QRCode.toBuffer(code, {
    errorCorrectionLevel: options.level ?? 'M',
    scale: options.scale ?? 6,
    margin: 2,
    type: 'png',
    // A two-colour image compresses as well without PNG's adaptive row filters, which cost most of the time.
    rendererOpts: { filterType: 0 } as QRCode.QRCodeToBufferOptions['rendererOpts'],
  });
}

import encodeQR from 'qr';

/** Modules of white around the symbol: the quiet zone ISO/IEC 18004 asks for. */
const QUIET_ZONE = 4;

/**
 * A QR code of `text` as a small standalone SVG (error correction M, one path of horizontal
 * runs, black on white, scalable), for the web app to show during enrolment.
 */
export function qrSvg(text: string): string {
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
  const size = modules.length;
  let path = '';
  modules.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x++;
      path += `M${start} ${y}h${x - start}v1h-${x - start}z`;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}

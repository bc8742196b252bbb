// Draws the app icons (www/icons/): a white check mark on the accent colour, as SVG and as PNG
// at 192 and 512 px for installing the page as an app. Run by hand (`node xtask/icons.mjs`) when
// the design changes; the output is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const ACCENT = [0x0b, 0x5c, 0xad];
/** The check mark in a 0..1 square: two strokes. */
const STROKES = [[[0.27, 0.53], [0.43, 0.69]], [[0.43, 0.69], [0.74, 0.34]]];
const WIDTH = 0.11;

writeFileSync('www/icons/icon.svg', `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="18" fill="#0b5cad"/>
<path d="M27 53 L43 69 L74 34" fill="none" stroke="#fff" stroke-width="11" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`);

function distanceToSegment([px, py], [[ax, ay], [bx, by]]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A full-bleed square (maskable: the mark stays inside the safe zone), 4x4 supersampled. */
function png(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let s = 0; s < 16; s++) {
        const p = [(x + ((s % 4) + 0.5) / 4) / size, (y + (Math.floor(s / 4) + 0.5) / 4) / size];
        if (STROKES.some((seg) => distanceToSegment(p, seg) <= WIDTH / 2)) hits++;
      }
      const a = hits / 16;
      for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round(ACCENT[c] * (1 - a) + 255 * a);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [192, 512]) writeFileSync(`www/icons/icon-${size}.png`, png(size));

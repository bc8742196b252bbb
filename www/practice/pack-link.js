// `?pack=`: a pack by its id (one the site bundles or this browser keeps), by file name in the
// site's exercises/ folder, or by a URL on this site (`/course/week-1.json`). A pack on another
// site is refused: the page requests only its own files.
import { addPack, safePackName } from './packs.js';

/** Opens the pack `?pack=` names; returns its id, or null with the reason in lab.packErrors. */
export async function openPackLink(lab, value) {
  const refuse = (problem) => {
    lab.packErrors.push({ source: `?pack=${value}`, problems: [problem] });
    return null;
  };
  const text = String(value).trim();
  if (!text) return refuse('The link names no pack: add a pack id or file, as in ?pack=coding-basics.');
  if (lab.packs.has(text)) return text;
  const byFile = [...lab.packs.values()].find((p) => p.file === text);
  if (byFile) return byFile.id;
  if (safePackName(text)) return fetchPack(lab, `exercises/${text}`, text, refuse);
  if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(text)) {
    const ids = [...lab.packs.keys()].join(', ');
    return refuse(`No pack with the id "${text}" is on this site or in this browser. The packs here: ${ids || 'none'}.`);
  }
  let url;
  try {
    url = new URL(text, location.href);
  } catch {
    return refuse('This is neither a pack id, a pack file name nor a web address.');
  }
  if (url.origin !== location.origin) {
    return refuse('Only packs on this site can be opened by link (the page requests nothing from other sites). '
      + 'Download the pack and open it with "Open a pack" below.');
  }
  return fetchPack(lab, url.href, url.pathname.split('/').pop() || url.pathname, refuse);
}

async function fetchPack(lab, url, name, refuse) {
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    return refuse(`The pack could not be loaded: ${err.message}`);
  }
  if (!response.ok) return refuse(`The pack could not be loaded: HTTP ${response.status} for ${new URL(url, location.href).pathname}`);
  return addPack(lab, name, await response.text(), 'link');
}

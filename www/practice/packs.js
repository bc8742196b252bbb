// Exercise packs: the bundled ones (exercises/index.json), and adding any pack — bundled, linked
// (pack-link.js), opened from a file or kept in this browser (pack-store.js). Each is checked by
// the engine's pack lint before use; a refused pack is listed with its problems (an unknown key is
// named with the key it is probably meant to be). The functions work on the lab's `packs`,
// `packErrors`, `notices` and `wasm`.

/** A plain pack file name (of a file in exercises/): no folders, no addresses. */
export function safePackName(name) {
  return typeof name === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.json$/.test(name) && !name.includes('..');
}

/** Loads every pack of exercises/index.json. */
export async function loadBundled(lab) {
  let names = [];
  try {
    const response = await fetch('exercises/index.json');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    names = await response.json();
    if (!Array.isArray(names)) throw new Error('exercises/index.json is not a list of file names');
  } catch (err) {
    lab.packErrors.push({ source: 'exercises/index.json', problems: [`The list of bundled packs could not be loaded: ${err.message}`] });
    return;
  }
  for (const name of names) {
    if (!safePackName(name)) {
      lab.packErrors.push({ source: String(name), problems: ['Not a plain pack file name; skipped.'] });
      continue;
    }
    await fetchPack(lab, name, 'bundled');
  }
}

async function fetchPack(lab, name, source) {
  let text;
  try {
    const response = await fetch('exercises/' + name);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (err) {
    lab.packErrors.push({ source: name, problems: [`The pack could not be loaded: ${err.message}`] });
    return null;
  }
  return addPack(lab, name, text, source);
}

/** Checks a pack with the engine's lint; adds it and returns its id, or records why it was refused. */
export function addPack(lab, name, text, source) {
  let check;
  try {
    check = lab.wasm.lintPack(text);
  } catch (err) {
    check = { ok: false, problems: [{ exercise: null, message: String(err.message || err) }] };
  }
  if (!check.ok) {
    lab.packErrors.push({
      source: name,
      problems: check.problems.map((p) => (p.exercise ? `exercise ${p.exercise}: ${p.message}` : p.message)),
    });
    return null;
  }
  const pack = JSON.parse(text);
  const replaced = lab.packs.has(pack.id);
  lab.packs.set(pack.id, { ...pack, source, file: name });
  if (replaced) lab.notices.push(`The pack "${pack.id}" from ${name} replaced an earlier pack with the same id.`);
  return pack.id;
}

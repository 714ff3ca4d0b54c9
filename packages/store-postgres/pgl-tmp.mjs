import { readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';

let t = Date.now();
const db = await PGlite.create({ extensions: { vector } });
console.log('fresh', Date.now() - t);
t = Date.now();
const dump = await db.dumpDataDir('none');
const bytes = new Uint8Array(await dump.arrayBuffer());
writeFileSync('/tmp/pgl-template.tar', bytes);
console.log('dump', Date.now() - t, bytes.length);
await db.close();
t = Date.now();
const db2 = await PGlite.create({
  extensions: { vector },
  loadDataDir: new Blob([readFileSync('/tmp/pgl-template.tar')]),
});
console.log('from dump', Date.now() - t);
await db2.exec('create extension if not exists vector');
console.log((await db2.query('select 1 as x')).rows);
t = Date.now();
const db3 = await PGlite.create({ loadDataDir: new Blob([readFileSync('/tmp/pgl-template.tar')]) });
console.log('from dump no vector', Date.now() - t);

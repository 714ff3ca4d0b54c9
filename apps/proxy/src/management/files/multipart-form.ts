import { ProxyHttpError } from '../../edge/proxy-http-error';

/** One field of a `multipart/form-data` body. */
export interface FormPart {
  name: string;
  filename?: string;
  data: Buffer;
}

const MAX_PARTS = 16;
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

function malformed(reason: string): ProxyHttpError {
  return new ProxyHttpError(
    400,
    `The multipart body is malformed: ${reason}.`,
    'invalid_multipart',
    'invalid_request_error',
    'file',
  );
}

/**
 * Parses a whole `multipart/form-data` body (RFC 7578) already read by the one body reader, with
 * `Buffer.indexOf` (native, linear): at most 16 fields, 16 KB of headers each, every field named
 * once. A missing boundary, a body that ends before its closing boundary or a field without a
 * name is a 400 saying which.
 */
export function parseMultipartForm(body: Buffer, contentType: string): Map<string, FormPart> {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw malformed('the Content-Type header names no boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.concat([CRLF, delimiter]);
  // The first delimiter opens the body (a preamble before it is allowed and ignored).
  let position = 0;
  if (!body.subarray(0, delimiter.length).equals(delimiter)) {
    const found = body.indexOf(separator);
    if (found === -1) throw malformed('the boundary does not occur in the body');
    position = found + CRLF.length;
  }
  const parts = new Map<string, FormPart>();
  for (;;) {
    position += delimiter.length;
    if (body[position] === 0x2d && body[position + 1] === 0x2d) return parts; // "--": the end
    // Transport padding, then the line break that ends the delimiter line.
    while (body[position] === 0x20 || body[position] === 0x09) position++;
    if (!body.subarray(position, position + 2).equals(CRLF))
      throw malformed('a boundary line does not end with CRLF');
    position += 2;
    if (parts.size >= MAX_PARTS) throw malformed(`more than ${MAX_PARTS} fields`);
    const headersEnd = body.indexOf(HEADERS_END, position);
    if (headersEnd === -1 || headersEnd - position > MAX_HEADER_BYTES)
      throw malformed('a field has no end of headers');
    const part = partHeaders(body.subarray(position, headersEnd).toString('latin1'));
    const dataStart = headersEnd + HEADERS_END.length;
    const dataEnd = body.indexOf(separator, dataStart);
    if (dataEnd === -1) throw malformed('the body ends before its closing boundary');
    if (parts.has(part.name))
      throw malformed(`the field ${JSON.stringify(part.name)} appears twice`);
    parts.set(part.name, { ...part, data: body.subarray(dataStart, dataEnd) });
    position = dataEnd + CRLF.length;
  }
}

/** The field name and file name from a part's Content-Disposition header. */
function partHeaders(headers: string): { name: string; filename?: string } {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition')
      continue;
    const value = line.slice(colon + 1);
    if (!/^\s*form-data\s*(;|$)/i.test(value)) throw malformed('a field is not form-data');
    const name = parameter(value, 'name');
    if (name === undefined || name === '') throw malformed('a field has no name');
    const filename = parameter(value, 'filename');
    return filename === undefined ? { name } : { name, filename };
  }
  throw malformed('a field has no Content-Disposition header');
}

function parameter(value: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(value);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

// TextEncoder and TextDecoder as k6 has them (the WHATWG Encoding API): TextEncoder writes UTF-8, TextDecoder
// reads UTF-8, UTF-16LE and UTF-16BE, with the `fatal` and `ignoreBOM` options and `stream` decoding.
(function (global) {
    'use strict';
    const labels = {
        'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
        'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'],
        'utf-16be': ['unicodefffe', 'utf-16be'],
    };
    function encodingOf(label) {
        const name = String(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
        for (const encoding in labels)
            if (labels[encoding].indexOf(name) >= 0)
                return encoding;
        throw new RangeError('TextDecoder: the encoding "' + label + '" is not supported (utf-8, utf-16le and utf-16be are)');
    }

    // The code point at `i` of `text`, a lone surrogate read as U+FFFD (the input is a USVString).
    function codePointAt(text, i) {
        const unit = text.charCodeAt(i);
        if (unit < 0xD800 || unit > 0xDFFF)
            return unit;
        if (unit <= 0xDBFF && i + 1 < text.length) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xDC00 && next <= 0xDFFF)
                return 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00);
        }
        return 0xFFFD;
    }
    function utf8Length(codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
    function writeUtf8(codePoint, bytes, at) {
        if (codePoint < 0x80) {
            bytes[at] = codePoint;
        } else if (codePoint < 0x800) {
            bytes[at] = 0xC0 | (codePoint >> 6);
            bytes[at + 1] = 0x80 | (codePoint & 0x3F);
        } else if (codePoint < 0x10000) {
            bytes[at] = 0xE0 | (codePoint >> 12);
            bytes[at + 1] = 0x80 | ((codePoint >> 6) & 0x3F);
            bytes[at + 2] = 0x80 | (codePoint & 0x3F);
        } else {
            bytes[at] = 0xF0 | (codePoint >> 18);
            bytes[at + 1] = 0x80 | ((codePoint >> 12) & 0x3F);
            bytes[at + 2] = 0x80 | ((codePoint >> 6) & 0x3F);
            bytes[at + 3] = 0x80 | (codePoint & 0x3F);
        }
    }

    class TextEncoder {
        get encoding() { return 'utf-8'; }
        encode(input) {
            const text = input === undefined ? '' : String(input);
            let length = 0;
            for (let i = 0; i < text.length; ++i) {
                const codePoint = codePointAt(text, i);
                length += utf8Length(codePoint);
                if (codePoint > 0xFFFF)
                    ++i;
            }
            const bytes = new Uint8Array(length);
            for (let i = 0, at = 0; i < text.length; ++i) {
                const codePoint = codePointAt(text, i);
                writeUtf8(codePoint, bytes, at);
                at += utf8Length(codePoint);
                if (codePoint > 0xFFFF)
                    ++i;
            }
            return bytes;
        }
        // Writes as many whole characters as `destination` holds; `read` counts UTF-16 code units.
        encodeInto(source, destination) {
            if (!(destination instanceof Uint8Array))
                throw new TypeError('TextEncoder.encodeInto: the destination is not a Uint8Array');
            const text = String(source);
            let read = 0;
            let written = 0;
            while (read < text.length) {
                const codePoint = codePointAt(text, read);
                const length = utf8Length(codePoint);
                if (written + length > destination.length)
                    break;
                writeUtf8(codePoint, destination, written);
                written += length;
                read += codePoint > 0xFFFF ? 2 : 1;
            }
            return { read: read, written: written };
        }
    }

    function bytesOf(input) {
        if (input === undefined)
            return new Uint8Array(0);
        if (input instanceof ArrayBuffer || input instanceof SharedArrayBuffer)
            return new Uint8Array(input);
        if (ArrayBuffer.isView(input))
            return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
        throw new TypeError('TextDecoder.decode: the input is not an ArrayBuffer or a view of one');
    }

    const state = new WeakMap(); // each decoder's settings and stream state
    class TextDecoder {
        constructor(label, options) {
            const settings = options === undefined || options === null ? {} : options;
            state.set(this, {
                encoding: encodingOf(label === undefined ? 'utf-8' : label),
                fatal: Boolean(settings.fatal),
                ignoreBOM: Boolean(settings.ignoreBOM),
                pending: [],     // bytes of an unfinished character, kept between `stream` calls
                bomSeen: false,  // within the current stream
            });
        }
        get encoding() { return state.get(this).encoding; }
        get fatal() { return state.get(this).fatal; }
        get ignoreBOM() { return state.get(this).ignoreBOM; }
        decode(input, options) {
            const self = state.get(this);
            const stream = Boolean(options && options.stream);
            const fresh = bytesOf(input);
            let bytes = fresh;
            if (self.pending.length > 0) {
                bytes = new Uint8Array(self.pending.length + fresh.length);
                bytes.set(self.pending, 0);
                bytes.set(fresh, self.pending.length);
            }
            const result = self.encoding === 'utf-8' ? decodeUtf8(bytes, stream, self.fatal)
                                                     : decodeUtf16(bytes, stream, self.fatal, self.encoding === 'utf-16be');
            self.pending = Array.prototype.slice.call(bytes, result.consumed);
            let text = result.text;
            if (!self.ignoreBOM && !self.bomSeen && text.length > 0) {
                if (text.charCodeAt(0) === 0xFEFF)
                    text = text.substring(1);
                self.bomSeen = true;
            }
            if (!stream) {
                self.pending = [];
                self.bomSeen = false;
            }
            return text;
        }
    }

    function invalid(encoding) {
        return new TypeError('TextDecoder: the encoded data is not valid ' + encoding);
    }
    // Code units to a string, in slices: apply() takes a bounded number of arguments.
    function text(units) {
        let out = '';
        for (let i = 0; i < units.length; i += 8192)
            out += String.fromCharCode.apply(null, units.slice(i, i + 8192));
        return out;
    }
    function pushCodePoint(units, codePoint) {
        if (codePoint > 0xFFFF) {
            codePoint -= 0x10000;
            units.push(0xD800 + (codePoint >> 10), 0xDC00 + (codePoint & 0x3FF));
        } else {
            units.push(codePoint);
        }
    }
    // The Encoding Standard's UTF-8 decoder: each maximal invalid subsequence becomes one U+FFFD.
    function decodeUtf8(bytes, stream, fatal) {
        const units = [];
        let needed = 0, seen = 0, codePoint = 0, lower = 0x80, upper = 0xBF, start = 0;
        for (let i = 0; i < bytes.length; ++i) {
            const byte = bytes[i];
            if (needed === 0) {
                start = i;
                if (byte <= 0x7F) {
                    units.push(byte);
                } else if (byte >= 0xC2 && byte <= 0xDF) {
                    needed = 1; codePoint = byte & 0x1F;
                } else if (byte >= 0xE0 && byte <= 0xEF) {
                    if (byte === 0xE0) lower = 0xA0;
                    if (byte === 0xED) upper = 0x9F;
                    needed = 2; codePoint = byte & 0xF;
                } else if (byte >= 0xF0 && byte <= 0xF4) {
                    if (byte === 0xF0) lower = 0x90;
                    if (byte === 0xF4) upper = 0x8F;
                    needed = 3; codePoint = byte & 0x7;
                } else {
                    if (fatal) throw invalid('utf-8');
                    units.push(0xFFFD);
                }
                continue;
            }
            if (byte < lower || byte > upper) {
                needed = seen = codePoint = 0; lower = 0x80; upper = 0xBF;
                if (fatal) throw invalid('utf-8');
                units.push(0xFFFD);
                --i; // the byte starts anew
                continue;
            }
            lower = 0x80; upper = 0xBF;
            codePoint = (codePoint << 6) | (byte & 0x3F);
            if (++seen === needed) {
                pushCodePoint(units, codePoint);
                needed = seen = codePoint = 0;
            }
        }
        if (needed !== 0) {
            if (stream)
                return { text: text(units), consumed: start };
            if (fatal) throw invalid('utf-8');
            units.push(0xFFFD);
        }
        return { text: text(units), consumed: bytes.length };
    }
    function decodeUtf16(bytes, stream, fatal, bigEndian) {
        const units = [];
        const whole = bytes.length - (bytes.length % 2);
        let i = 0;
        for (; i < whole; i += 2) {
            const unit = bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8);
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                if (i + 2 >= whole) {
                    if (stream) break; // its pair may come in the next chunk
                    if (fatal) throw invalid('utf-16');
                    units.push(0xFFFD);
                    continue;
                }
                const next = bigEndian ? (bytes[i + 2] << 8) | bytes[i + 3] : bytes[i + 2] | (bytes[i + 3] << 8);
                if (next >= 0xDC00 && next <= 0xDFFF) {
                    units.push(unit, next);
                    i += 2;
                    continue;
                }
                if (fatal) throw invalid('utf-16');
                units.push(0xFFFD);
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                if (fatal) throw invalid('utf-16');
                units.push(0xFFFD);
            } else {
                units.push(unit);
            }
        }
        if (i < bytes.length && !stream) {
            if (fatal) throw invalid('utf-16');
            units.push(0xFFFD);
            i = bytes.length;
        }
        return { text: text(units), consumed: i };
    }

    for (const [name, value] of [['TextEncoder', TextEncoder], ['TextDecoder', TextDecoder]])
        Object.defineProperty(global, name, { value: value, writable: true, configurable: true });
})(globalThis);

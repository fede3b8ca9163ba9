// The `k6/html` module: parseHTML and k6's Selection (jQuery's, through goquery) and Element, over the node
// numbers of a native document (HtmlDocumentObject). Evaluated only when a script uses it.
(function (native) {
    const hidden = function (object, name, value) {
        Object.defineProperty(object, name, { value: value, enumerable: false });
    };

    function Selection(doc, nodes, url, previous) {
        hidden(this, '_doc', doc);
        hidden(this, '_nodes', nodes);
        hidden(this, '_previous', previous); // for end()
        this.url = url;
    }
    function select(selection, nodes) {
        return new Selection(selection._doc, nodes, selection.url, selection);
    }
    // What a Selection method takes to name nodes: a selector, a Selection or an Element.
    function matcher(arg) {
        if (typeof arg === 'string')
            return arg;
        if (arg instanceof Selection)
            return arg._nodes;
        if (arg instanceof Element)
            return [arg._node];
        throw new Error("invalid argument, cannot use a '" + (arg === null ? 'null' : typeof arg) +
                        "' as a selector");
    }
    function byFunction(selection, fn, keep) {
        return select(selection, selection._nodes.filter(function (node, index) {
            return Boolean(fn.call(undefined, index, select(selection, [node]))) === keep;
        }));
    }
    function relatives(kind) {
        return function (filter) {
            const found = select(this, this._doc.relatives(this._nodes, kind, null));
            return filter === undefined ? found : found.filter(filter);
        };
    }
    function relativesUntil(kind) {
        return function (until, filter) {
            const stop = until === undefined || until === null ? null : matcher(until);
            const found = select(this, this._doc.relatives(this._nodes, kind, stop));
            return filter === undefined || filter === null ? found : found.filter(filter);
        };
    }
    // A value or, without one, the inner HTML (k6's valueOrHTML).
    function valueOrHtml(selection) {
        const value = selection.attr('value');
        return value !== undefined ? value : selection.html();
    }
    // data-* values as jQuery reads them (k6's convertDataAttrVal).
    function dataValue(text) {
        if (text.length === 0 || text === 'null' || text === 'undefined')
            return undefined;
        if (text[0] === '{' || text[0] === '[') {
            try {
                return JSON.parse(text);
            } catch (e) {
                return text;
            }
        }
        if (text === 'true' || text === 'false')
            return text === 'true';
        const number = Number(text);
        return /^-?\d+(\.\d+)?$/.test(text) && String(number) === text ? number : text;
    }
    function camelCase(name) {
        return name.replace(/-([a-z])/g, function (m, c) { return c.toUpperCase(); });
    }

    Selection.prototype = {
        constructor: Selection,
        find: function (arg) { return select(this, this._doc.find(this._nodes, matcher(arg))); },
        add: function (arg) {
            const added = this._doc.find([0], matcher(arg));
            return select(this, this._nodes.concat(added.filter((n) => this._nodes.indexOf(n) < 0)));
        },
        closest: function (arg) { return select(this, this._doc.closest(this._nodes, matcher(arg))); },
        has: function (arg) { return select(this, this._doc.has(this._nodes, matcher(arg))); },
        filter: function (arg) {
            if (typeof arg === 'function')
                return byFunction(this, arg, true);
            if (typeof arg !== 'string' && !(arg instanceof Selection))
                throw new Error('the argument to filter() must be a function, a selector or a selection');
            return select(this, this._doc.filter(this._nodes, matcher(arg), true));
        },
        not: function (arg) {
            if (typeof arg === 'function')
                return byFunction(this, arg, false);
            return select(this, this._doc.filter(this._nodes, matcher(arg), false));
        },
        is: function (arg) {
            if (typeof arg === 'function')
                return byFunction(this, arg, true).size() > 0;
            if (typeof arg !== 'string' && !(arg instanceof Selection))
                throw new Error('the argument to is() must be a function, a selector or a selection');
            return this._doc.filter(this._nodes, matcher(arg), true).length > 0;
        },
        children: relatives('children'),
        contents: function () { return select(this, this._doc.relatives(this._nodes, 'contents', null)); },
        parent: relatives('parent'),
        parents: relatives('parents'),
        next: relatives('next'),
        nextAll: relatives('nextAll'),
        prev: relatives('prev'),
        prevAll: relatives('prevAll'),
        siblings: relatives('siblings'),
        nextUntil: relativesUntil('nextAll'),
        prevUntil: relativesUntil('prevAll'),
        parentsUntil: relativesUntil('parents'),
        single: function (selector) { return select(this, this._doc.find(this._nodes, matcher(selector)).slice(0, 1)); },
        end: function () { return this._previous || select(this, []); },
        // jQuery's index: of the first node among its element siblings, or where a selector's, a Selection's or
        // an Element's first node is in this one; -1 when it is not.
        index: function (arg) {
            if (!this._nodes.length)
                return -1;
            if (arg === undefined)
                return this._doc.relatives([this._nodes[0]], 'prevAll', null).length;
            if (typeof arg === 'string')
                return this._doc.find([0], arg).indexOf(this._nodes[0]);
            if (arg instanceof Selection || arg instanceof Element)
                return this._nodes.indexOf(matcher(arg)[0]);
            return -1;
        },
        size: function () { return this._nodes.length; },
        eq: function (index) {
            const at = index < 0 ? this._nodes.length + index : index;
            return select(this, at >= 0 && at < this._nodes.length ? [this._nodes[at]] : []);
        },
        first: function () { return this.eq(0); },
        last: function () { return this.eq(-1); },
        slice: function (start, end) { return select(this, this._nodes.slice(start, end)); },
        get: function (index) {
            if (index === undefined)
                return this._nodes.map((node) => new Element(this, node));
            const length = this._nodes.length;
            if (index >= length || index <= -length)
                return undefined;
            return new Element(this, this._nodes[index < 0 ? length + index : index]);
        },
        toArray: function () { return this._nodes.map((node) => select(this, [node])); },
        each: function (fn) {
            if (typeof fn !== 'function')
                throw new Error('the argument to each() must be a function');
            this._nodes.forEach((node, index) => {
                try {
                    fn.call(undefined, index, new Element(this, node));
                } catch (e) {
                    throw new Error('the function passed to each() failed: ' + e);
                }
            });
            return this;
        },
        map: function (fn) {
            if (typeof fn !== 'function')
                throw new Error('the argument to map() must be a function');
            const values = [];
            this._nodes.forEach((node, index) => {
                try {
                    values.push(fn.call(undefined, index, select(this, [node])));
                } catch (e) {
                    // k6 leaves out the elements whose function threw
                }
            });
            return values;
        },
        text: function () { return this._doc.text(this._nodes); },
        html: function () { return this._nodes.length ? this._doc.html(this._nodes[0]) : ''; },
        attr: function (name, defaultValue) {
            const value = this._nodes.length ? this._doc.attr(this._nodes[0], String(name)) : undefined;
            return value === undefined ? defaultValue : value;
        },
        val: function () {
            if (!this._nodes.length)
                return undefined;
            switch (this._doc.name(this._nodes[0])) {
            case 'input': {
                const value = this.attr('value');
                if (value !== undefined)
                    return value;
                const type = this.attr('type');
                return type === 'radio' || type === 'checkbox' ? 'on' : '';
            }
            case 'button': return this.attr('value', '');
            case 'textarea': return this.html();
            case 'option': return valueOrHtml(this);
            case 'select': {
                const selected = this.first().find('option[selected]');
                if (this.attr('multiple') !== undefined)
                    return selected.map((i, option) => valueOrHtml(option));
                return valueOrHtml(selected);
            }
            default: return undefined;
            }
        },
        data: function (key) {
            if (!this._nodes.length)
                return undefined;
            const attributes = this._doc.attributes(this._nodes[0]);
            if (!attributes.length)
                return undefined;
            if (key !== undefined) {
                const name = 'data-' + String(key).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
                const found = attributes.find((pair) => pair[0] === name);
                return found ? dataValue(found[1]) : undefined;
            }
            const data = {};
            attributes.forEach((pair) => {
                if (pair[0].startsWith('data-') && pair[0].length > 5)
                    data[camelCase(pair[0].substring(5))] = dataValue(pair[1]);
            });
            return data;
        },
        // The fields a browser would submit (k6's, after jQuery's serializeArray).
        serializeArray: function () {
            const submittable = 'input,select,textarea,keygen';
            const fields = this.is('form') ? this.find(submittable) : this.filter(submittable);
            return fields
                .filter(function (i, field) {
                    const name = field.attr('name', '');
                    const type = field.attr('type', '');
                    const disabled = field.attr('disabled', '');
                    const checked = field.attr('checked', '');
                    return name !== '' && disabled !== 'disabled' &&
                           ['submit', 'button', 'reset', 'image', 'file'].indexOf(type) < 0 &&
                           (checked === 'checked' || (type !== 'checkbox' && type !== 'radio'));
                })
                .toArray()
                .map((field) => ({ name: field.attr('name'), value: field.val() }));
        },
        serializeObject: function () {
            const object = {};
            this.serializeArray().forEach((field) => { object[field.name] = field.value; });
            return object;
        },
        serialize: function () {
            const object = {};
            this.serializeArray().forEach((field) => {
                if (typeof field.value === 'string' || Array.isArray(field.value))
                    object[field.name] = field.value;
            });
            return native.formEncoded(object);
        },
    };

    // One node as k6's Element, after the DOM's.
    function Element(selection, node) {
        hidden(this, '_sel', select(selection, [node]));
        hidden(this, '_node', node);
    }
    function element(selection, node) {
        return node < 0 ? undefined : new Element(selection, node);
    }
    function elements(selection) {
        return selection._nodes.map((node) => new Element(selection, node));
    }
    Element.prototype = {
        constructor: Element,
        selection: function () { return this._sel; },
        nodeName: function () { return this._sel._doc.name(this._node); },
        nodeType: function () { return this._sel._doc.type(this._node); },
        nodeValue: function () {
            const type = this.nodeType();
            return type === 3 || type === 8 ? this._sel.text() : undefined;
        },
        id: function () { return this._sel.attr('id', ''); },
        className: function () { return this._sel.attr('class'); },
        classList: function () { return this._sel.attr('class', '').split(/\s+/).filter((c) => c !== ''); },
        textContent: function () { return this._sel.text(); },
        innerHTML: function () { return this._sel.html(); },
        getAttribute: function (name) { return this._sel.attr(name); },
        hasAttribute: function (name) { return this._sel.attr(name) !== undefined; },
        hasAttributes: function () { return this._sel._doc.attributes(this._node).length > 0; },
        hasChildNodes: function () { return this._sel._doc.link(this._node, 'firstChild') >= 0; },
        toString: function () {
            return this.nodeType() === 1 ? '[object html.Node]' : '[object ' + this.nodeName() + ']';
        },
        querySelector: function (selector) { return this._sel.find(selector).get(0); },
        querySelectorAll: function (selector) { return elements(this._sel.find(selector)); },
        getElementsByClassName: function (name) { return elements(this._sel.find('.' + name)); },
        getElementsByTagName: function (name) { return elements(this._sel.find(name)); },
        firstChild: function () { return element(this._sel, this._sel._doc.link(this._node, 'firstChild')); },
        lastChild: function () { return element(this._sel, this._sel._doc.link(this._node, 'lastChild')); },
        previousSibling: function () { return element(this._sel, this._sel._doc.link(this._node, 'prev')); },
        nextSibling: function () { return element(this._sel, this._sel._doc.link(this._node, 'next')); },
        parentNode: function () { return element(this._sel, this._sel._doc.link(this._node, 'parent')); },
        parentElement: function () { return this._sel.parent().get(0); },
        firstElementChild: function () { return this._sel.children().get(0); },
        lastElementChild: function () { return this._sel.children().get(-1); },
        previousElementSibling: function () { return this._sel.prev().get(0); },
        nextElementSibling: function () { return this._sel.next().get(0); },
        childNodes: function () { return elements(this._sel.contents()); },
        children: function () { return elements(this._sel.children()); },
        childElementCount: function () { return this._sel.children().size(); },
        contains: function (other) {
            return other instanceof Element && other._node !== this._node &&
                   this._sel._doc.find([this._node], [other._node]).length > 0;
        },
        matches: function (selector) { return this._sel.is(selector); },
        isSameNode: function (other) { return other instanceof Element && other._node === this._node; },
        isEqualNode: function (other) { return other instanceof Element && other.innerHTML() === this.innerHTML(); },
    };

    function parseHTML(src) {
        return new Selection(native.parse(String(src)), [0], '');
    }

    return { parseHTML: parseHTML };
})

/* Client-side helpers of dealnet: view state in the URL and <html lang>.
 * Loaded from app/assets by Dash itself (served locally, no external scripts). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    dealnet: {
        /* Language buttons and period selector: write lang/period into the query
         * string, keeping the page's own filters; the page router re-renders. */
        shellState: function (nlClicks, enClicks, period) {
            var params = new URLSearchParams(window.location.search);
            var triggered = (window.dash_clientside.callback_context.triggered || [])
                .map(function (t) { return t.prop_id; });
            var fallback = document.documentElement.getAttribute('data-lang-default') || 'nl';
            if (triggered.indexOf('shell-lang-nl.n_clicks') >= 0) { params.set('lang', 'nl'); }
            if (triggered.indexOf('shell-lang-en.n_clicks') >= 0) { params.set('lang', 'en'); }
            if (params.get('lang') === fallback) { params.delete('lang'); }
            if (triggered.indexOf('shell-period.value') >= 0) {
                if (period && period !== 'all') { params.set('period', period); } else { params.delete('period'); }
            }
            var text = params.toString();
            return text ? '?' + text : '';
        },
        /* <html lang> follows the language in the URL (WCAG 3.1.1). */
        htmlLang: function (search) {
            var params = new URLSearchParams(search || '');
            var fallback = document.documentElement.getAttribute('data-lang-default') || 'nl';
            var lang = params.get('lang') === 'en' ? 'en' : params.get('lang') === 'nl' ? 'nl' : fallback;
            document.documentElement.lang = lang;
            return lang;
        },
        /* A page's filters: replace the page's keys in the query string without
         * reloading or re-rendering, so a copied link restores the view. */
        syncQuery: function () {
            var args = Array.prototype.slice.call(arguments);
            var keys = args.pop();
            var params = new URLSearchParams(window.location.search);
            keys.forEach(function (key, i) {
                var value = args[i];
                if (Array.isArray(value)) { value = value.join(','); }
                if (value === null || value === undefined || value === '' || value === false) {
                    params.delete(key);
                } else {
                    params.set(key, String(value));
                }
            });
            var text = params.toString();
            var url = window.location.pathname + (text ? '?' + text : '') + window.location.hash;
            window.history.replaceState(window.history.state, '', url);
            return text;
        }
    }
});

/* Dash 4.4's dcc.Dropdown takes keyboard focus on a hidden helper input that carries
 * aria-hidden="true" while the visible button has tabindex=-1: keyboard users reach a
 * control that screen readers cannot see (axe: aria-hidden-focus). Until upstream
 * fixes it, expose the helper as a labelled combobox: named by the <label for> of the
 * dropdown and its current value, and mirroring whether the list is open. */
(function () {
    function set(element, name, value) {
        // Only write changes: every write is a mutation the observer below sees.
        if (element.getAttribute(name) !== value) { element.setAttribute(name, value); }
    }
    function fix(input) {
        var button = input.parentElement && input.parentElement.querySelector('button.dash-dropdown');
        if (!button) { return; }
        if (input.hasAttribute('aria-hidden')) { input.removeAttribute('aria-hidden'); }
        set(input, 'role', 'combobox');
        set(input, 'aria-haspopup', 'listbox');
        set(input, 'aria-expanded', button.getAttribute('aria-expanded') || 'false');
        // CSS.escape: pattern-matching ids are JSON and hold quotes.
        var label = document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
        var names = [];
        if (label) {
            if (!label.id) { label.id = button.id + '-label'; }
            names.push(label.id);
        }
        if (document.getElementById(button.id + '-value')) { names.push(button.id + '-value'); }
        if (names.length) { set(input, 'aria-labelledby', names.join(' ')); }
    }
    /* dcc.Upload's file input has no label of its own (axe: label): name it by the
     * visible text of its drop zone. */
    function labelUpload(input) {
        var zone = input.closest('.upload-drop');
        var text = zone ? zone.textContent.trim() : '';
        if (text) { set(input, 'aria-label', text); }
    }
    function scan() {
        document.querySelectorAll('input.dash-dropdown-focus-target').forEach(fix);
        document.querySelectorAll('.upload-drop input[type=file]').forEach(labelUpload);
    }
    new MutationObserver(scan).observe(document.documentElement, {
        subtree: true, childList: true, attributes: true, attributeFilter: ['aria-expanded', 'aria-hidden']
    });
})();

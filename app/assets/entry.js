/* dealnet data entry (app/pages/entry.py): ARIA on the form's controls, and the focus after a save.
 *
 * Dash's controls take no ARIA properties, so each field's wrapper (.entry-field) carries
 * data-describedby (its hint and error message) and data-invalid; this puts them on the
 * control itself as aria-describedby and aria-invalid. An error summary or a conflict
 * notice that appears takes the focus (NL Design System error summary), and a link in the
 * summary moves the focus to its field's control, not just the scroll position.
 *
 * Dash 4's dcc.Checklist draws a listbox whose options are labels holding a checkbox
 * (axe: nested-interactive). A yes/no box is a plain checkbox with its label: the
 * listbox and option roles are taken off. */
(function () {
    function set(element, name, value) {
        if (value) {
            if (element.getAttribute(name) !== value) { element.setAttribute(name, value); }
        } else if (element.hasAttribute(name)) {
            element.removeAttribute(name);
        }
    }
    function control(field) {
        return field.querySelector('input.dash-dropdown-focus-target, textarea, input:not([type=hidden])');
    }
    function wire(field) {
        var target = control(field);
        if (!target) { return; }
        set(target, 'aria-describedby', field.getAttribute('data-describedby') || '');
        set(target, 'aria-invalid', field.getAttribute('data-invalid') === 'true' ? 'true' : '');
    }
    function focusNotice() {
        var box = document.querySelector('#entry-result [role=alert][tabindex="-1"]:not([data-focused])');
        if (box) {
            box.setAttribute('data-focused', 'true');
            box.focus();
        }
    }
    function plainCheckbox(list) {
        set(list, 'role', '');
        list.querySelectorAll('label[role=option]').forEach(function (label) {
            set(label, 'role', '');
            set(label, 'aria-selected', '');
        });
    }
    function scan() {
        document.querySelectorAll('.entry-field[data-describedby]').forEach(wire);
        document.querySelectorAll('.entry-check[role=listbox], .entry-check label[role=option]').forEach(function (e) {
            plainCheckbox(e.closest('.entry-check') || e);
        });
        focusNotice();
    }
    new MutationObserver(scan).observe(document.documentElement, {
        subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'aria-selected']
    });
    document.addEventListener('click', function (event) {
        var link = event.target.closest && event.target.closest('.entry-error-summary a[href^="#"]');
        if (!link) { return; }
        var field = document.getElementById(link.getAttribute('href').slice(1));
        if (!field) { return; }
        event.preventDefault();
        var target = control(field) || field;
        field.scrollIntoView({ block: 'center' });
        target.focus();
    });
})();

/* dash-cytoscape, loaded by the first page that draws a network (app/cytoscape_bundle.py).
 *
 * Dash leaves the 1.4 MB bundle out of every page (it is marked lazy); this file stands in
 * for its components. The first time one renders, the bundle is loaded from the address in
 * <meta name="dealnet-cytoscape-bundle">; meanwhile an empty box of the component's size
 * holds its place. The bundle replaces window.dash_cytoscape when it runs: the stand-ins
 * are put back at once, so Dash keeps rendering the same component type and React never
 * rebuilds a drawing already on screen. Loaded from app/assets by Dash (no inline script). */
(function () {
    var NAMESPACE = 'dash_cytoscape';
    var loaded = null;   /* the bundle's own components, once it has run */
    var loading = null;  /* the promise of them */

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var meta = document.querySelector('meta[name="dealnet-cytoscape-bundle"]');
                if (!meta) { reject(new Error('no dealnet-cytoscape-bundle meta')); return; }
                var standIns = window[NAMESPACE];
                var script = document.createElement('script');
                script.src = meta.getAttribute('content');
                script.async = true;
                script.onload = function () {
                    loaded = window[NAMESPACE];
                    window[NAMESPACE] = standIns;
                    resolve(loaded);
                };
                script.onerror = function () {
                    loading = null;  /* a later render tries again */
                    reject(new Error('dash-cytoscape did not load from ' + script.src));
                };
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    function standIn(name) {
        function Lazy(props) {
            var React = window.React;
            var state = React.useState(0);
            React.useEffect(function () {
                if (loaded) { return undefined; }
                var live = true;
                load().then(function () { if (live) { state[1](1); } }, function (error) {
                    if (window.console) { window.console.error(error); }
                });
                return function () { live = false; };
            }, []);
            if (loaded) {
                return React.createElement(loaded[name], props);
            }
            return React.createElement('div', {className: props.className, style: props.style, 'aria-busy': 'true'});
        }
        Lazy.displayName = 'Lazy' + name;
        return Lazy;
    }

    window[NAMESPACE] = {Cytoscape: standIn('Cytoscape'), CyLeaflet: standIn('CyLeaflet')};
})();

/* The network page's drawing (app/pages/network.py): names under the pointer, and the
 * view centred on the chosen party. Positions come from the server; nothing here moves
 * a node. Loaded from app/assets by Dash itself (no inline script: the CSP allows it). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    network: {
        /* Called when the elements or the chosen party change: binds the hover
         * handlers once, then centres on the node marked "selected" (or fits the whole
         * drawing when none is), once cytoscape holds the new elements. */
        view: function (elements, party) {
            var tries = 0;
            function cyOf() {
                var el = document.getElementById('network-graph');
                return el && el._cyreg && el._cyreg.cy;
            }
            function apply() {
                var cy = cyOf();
                var chosen = cy && cy.nodes('.selected');
                var ready = cy && cy.nodes().length && (!party || chosen.length);
                if (!ready) {
                    if (tries++ < 50) { setTimeout(apply, 100); }
                    return;
                }
                if (!cy.scratch('_dealnetHover')) {
                    cy.scratch('_dealnetHover', true);
                    cy.on('mouseover', 'node', function (e) { e.target.addClass('hover'); });
                    cy.on('mouseout', 'node', function (e) { e.target.removeClass('hover'); });
                }
                cy.stop();
                if (party && chosen.length) {
                    cy.animate({center: {eles: chosen}, zoom: Math.max(cy.zoom(), 1)}, {duration: 250});
                } else {
                    cy.fit(undefined, 24);
                }
            }
            setTimeout(apply, 0);
            return party || '';
        }
    }
});

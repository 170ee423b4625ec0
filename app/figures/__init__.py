"""Pure figure builders: plain values in, a plotly figure (or cytoscape elements) out.

No figure builder reads the store, the URL or a callback context; each takes the
analysis result and the language, so it can be tested on small hand-made values.
"""

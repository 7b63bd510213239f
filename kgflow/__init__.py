"""kgflow: a workflow engine for the Swedish knowledge-governance chain in health and social care.

NPO → RPO → LPO → LAG and the huvudmän that implement: kgflow tracks every
knowledge-support item (VIP, PSVF, guideline) from remiss to adoption to GAP
analysis to implementation level 1–3, advances it on people's decisions, and
chases what is late up the chain.
"""

__version__ = "0.1.0"

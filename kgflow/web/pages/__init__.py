"""The pages, one module per part of the site: signing in, the work waiting, browsing the chain, API tokens."""

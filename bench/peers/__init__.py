"""The engines bench_transitions.py runs side by side, one module each, on the workload in ``workload.py``."""

"""Benchmark of the rendered stack: render time, memory and policy-quota fill against a plain pulumi_aws baseline."""

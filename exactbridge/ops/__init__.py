"""Operations: the benchmark command and other tools for running ExactBridge."""

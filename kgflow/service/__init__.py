"""Use cases: each public function is one thing a person or a job does, in one transaction."""

"""The site stage: which pages exist, what each shows, and their Markdown (templates beside it)."""

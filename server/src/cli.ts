// The CLI: being written.

// The VS Code client: being written.

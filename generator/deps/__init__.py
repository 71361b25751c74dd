"""Third-party libraries whose internals or exact versions the generator relies on, one module each."""

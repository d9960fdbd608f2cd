#!/usr/bin/env python3
"""Seeded generator of "short reference pages" for the benchmark: the shape of command-reference
pages (thousands of short pages, each an `# h1`, a two- or three-line blockquote with an autolink,
then pairs of `- list item:` and a paragraph holding one inline code span with `{{placeholders}}`).

Usage:
  reference-pages.py file OUTPUT [--bytes N] [--seed S]
      one file of pages, concatenated, until it passes N bytes (default 10,000,000)
  reference-pages.py folder DIR [--files N] [--page-bytes B] [--seed S]
      N files (default 7,000) of about B bytes each (default 4,096), in folders of 100

The same seed gives the same bytes (Python's random.Random with an integer seed is stable).
Nothing is downloaded: the words below are the generator's own.
"""
import argparse
import os
import random

VERBS = ["Create", "List", "Show", "Display", "Delete", "Remove", "Start", "Stop", "Restart", "Print",
         "Search for", "Download", "Upload", "Install", "Update", "Compare", "Extract", "Convert",
         "Edit", "Copy", "Move", "Rename", "Check", "Run", "Build", "Watch", "Export", "Import",
         "Connect to", "Mount", "Sign", "Verify", "Encrypt", "Decrypt", "Compress", "Follow"]
OBJECTS = ["a file", "all files", "a directory", "the archive", "a new branch", "the current status",
           "a remote repository", "the configuration", "a container", "running processes",
           "the logs", "a package", "installed packages", "a user", "the network interfaces",
           "a key", "the help", "the version", "environment variables", "a service", "a snapshot",
           "the output", "hidden files", "a symbolic link", "the database", "a virtual machine",
           "a certificate", "the cache", "open ports", "a backup", "the changes", "a commit"]
QUALIFIERS = ["", "", "", " recursively", " in the background", " with verbose output",
              " in a specific directory", " and keep the original", " without confirmation",
              " using a specific format", " matching a pattern", " as JSON", " interactively",
              " in human-readable form", " for a specific user", " from standard input",
              " (including subdirectories)", " with a timeout", " to a remote host", " since a date"]
NOUNS = ["path/to/file", "path/to/directory", "name", "url", "port", "user", "host", "pattern",
         "branch_name", "package", "version", "key", "value", "format", "container_name", "image",
         "remote_name", "commit", "seconds", "path/to/file1 path/to/file2 ...", "username@host",
         "search_term", "number", "device", "output.txt", "archive.tar.gz", "config.yml", "query"]
FLAGS = ["-v", "-r", "-f", "-n", "-a", "-l", "-h", "-x", "-q", "-d", "--all", "--force", "--verbose",
         "--recursive", "--output", "--format", "--dry-run", "--help", "--version", "--quiet",
         "-i", "-o", "-p", "-s", "-t", "--interactive", "--follow", "--no-cache", "--json", "-rf"]
DESCRIPTIONS = ["Manage {x}.", "A tool to work with {x}.", "Archiving utility for {x}.",
                "Display information about {x}.", "Command-line client for {x}.",
                "Interact with {x} from the terminal.", "Synchronize {x} between hosts.",
                "Monitor {x} in real time.", "A fast, portable tool for {x}.",
                "Utility to inspect and modify {x}."]
SUBJECTS = ["files and directories", "containers", "network connections", "packages",
            "version control repositories", "system services", "disk partitions", "images",
            "cloud resources", "processes", "text streams", "archives", "certificates", "users and groups"]
SECOND_LINES = ["Some subcommands such as `{c} {s}` have their own usage documentation.",
                "Often used together with `{o}`.", "See also: `{o}`, `{o2}`.",
                "This command is an alias of `{o}`.", "Part of the {c} suite of tools.",
                "Similar to `{o}`, but faster on large inputs."]
HOSTS = ["example.com", "docs.example.org", "manned.org", "github.com/example", "gnu.org/software",
         "man7.org/linux/man-pages", "learn.example.net", "developer.example.io", "wiki.example.org"]
SYLLABLES = ["ar", "bo", "cat", "dev", "ex", "fi", "git", "ho", "ip", "jo", "ku", "lo", "mk", "nu",
             "ops", "pk", "qu", "ra", "sy", "tar", "ux", "vi", "wg", "xz", "yo", "zip"]


def command_name(rng):
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.25:
        name += rng.choice(["-", " "]) + rng.choice(["add", "list", "show", "run", "config", "remote", "push"])
    return name


def code_span(rng, command):
    parts = [command]
    for _ in range(rng.randint(0, 3)):
        r = rng.random()
        if r < 0.45:
            parts.append(rng.choice(FLAGS))
        elif r < 0.9:
            parts.append("{{" + rng.choice(NOUNS) + "}}")
        else:
            parts.append(rng.choice(["|", ">", "&&"]) + " " + rng.choice(["grep", "less", "sort", "wc -l"]))
    if rng.random() < 0.6:
        parts.append("{{" + rng.choice(NOUNS) + "}}")
    return "`" + " ".join(parts) + "`"


def page(rng, target_bytes):
    command = command_name(rng)
    other = command_name(rng)
    lines = ["# " + command, ""]
    lines.append("> " + rng.choice(DESCRIPTIONS).format(x=rng.choice(SUBJECTS)))
    if rng.random() < 0.5:
        lines.append("> " + rng.choice(SECOND_LINES).format(c=command, s=rng.choice(["add", "run", "list"]),
                                                             o=other, o2=command_name(rng)))
    url = "https://" + rng.choice(HOSTS) + "/" + command.replace(" ", "-")
    lines.append("> More information: <" + url + ">.")
    size = sum(len(line) + 1 for line in lines)
    pairs = 0
    while pairs < 2 or (size < target_bytes and pairs < 200):
        item = rng.choice(VERBS) + " " + rng.choice(OBJECTS) + rng.choice(QUALIFIERS)
        if rng.random() < 0.1:
            item += " (see `" + rng.choice(FLAGS) + "`)"
        block = ["", "- " + item + ":", "", code_span(rng, command)]
        size += sum(len(line) + 1 for line in block)
        lines += block
        pairs += 1
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["file", "folder"])
    parser.add_argument("output")
    parser.add_argument("--bytes", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=7000)
    parser.add_argument("--page-bytes", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.mode == "file":
        written = 0
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            while written < args.bytes:
                # Short pages: 2 to 8 pairs, as command-reference pages are.
                text = page(rng, rng.randint(250, 900)) + "\n"
                out.write(text)
                written += len(text.encode("utf-8"))
    else:
        for index in range(args.files):
            folder = os.path.join(args.output, "section-%02d" % (index // 100))
            os.makedirs(folder, exist_ok=True)
            target = int(args.page_bytes * rng.uniform(0.85, 1.1))
            with open(os.path.join(folder, "page-%04d.md" % index), "w", encoding="utf-8", newline="\n") as out:
                out.write(page(rng, target))


if __name__ == "__main__":
    main()

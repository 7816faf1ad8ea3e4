"""Shell completions (completions/): bash, fish and zsh driven for real, all three kept in step
with --help, and the hidden `smp _complete KIND` they call for names.

The bash completion is run the way bash-completion runs it: a non-interactive bash sources
bash_completion (when installed) and completions/smp.bash, sets COMP_WORDS, COMP_CWORD,
COMP_LINE and COMP_POINT as bash would for a line, calls the function registered with
`complete -F` and prints COMPREPLY. `smp` on that bash's PATH is the built binary. fish is
asked with `complete -C`; zsh is typed at on a pseudo-terminal (zsh/zpty), TAB and all.

The commands and long options every completion must know are discovered from the binary's
own --help (hidden commands such as `_complete` are not listed there), so a new option or
command fails this test until each completion file learns it.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest

from smptest import SmpTestCase

SMP_BIN = os.path.abspath(os.environ["SMP_BIN"])
SOURCE_DIR = os.path.abspath(os.environ["SMP_SOURCE_DIR"])
COMPLETIONS = os.path.join(SOURCE_DIR, "completions")
BASH_FILE = os.path.join(COMPLETIONS, "smp.bash")
ZSH_FILE = os.path.join(COMPLETIONS, "_smp")
FISH_FILE = os.path.join(COMPLETIONS, "smp.fish")
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"

CLIENT_COMMANDS = {"add", "list", "show", "edit", "archive", "unarchive", "remove", "consent",
                   "screen", "export", "forget", "duplicates", "merge"}

# The values each choice option of `client add`/`client edit` completes, in smp's order.
CLIENT_CHOICES = {
    "--skin-type": ["I", "II", "III", "IV", "V", "VI"],
    "--undertone": ["cool", "neutral", "warm"],
    "--hair-colour": ["black", "dark-brown", "brown", "light-brown", "blonde", "red", "grey",
                      "white", "mixed"],
    "--hair-color": ["black", "dark-brown", "brown", "light-brown", "blonde", "red", "grey",
                     "white", "mixed"],
    "--norwood": ["1", "2", "2A", "3", "3A", "3V", "4", "4A", "5", "5A", "6", "7"],
    "--ludwig": ["I", "II", "III"],
    "--condition": ["androgenetic", "alopecia-areata", "alopecia-totalis",
                    "alopecia-universalis", "traction", "diffuse", "scar"],
    "--contraindication": ["anticoagulants", "keloid", "pregnant", "nursing", "diabetes",
                           "psoriasis", "eczema", "blood-disorder", "chemotherapy",
                           "laser-removal", "allergy"],
}
CLEARABLE = ["phone", "email", "birth-date", "skin-type", "undertone", "hair-colour",
             "hair-loss", "condition", "contraindications", "medical-notes", "notes",
             "planned-sessions"]

# Active clients of the records file the client-name tests use, and one archived client.
ACTIVE_CLIENTS = ["José Müller", "Jane Doe", "李小龙", "O'Brien & $Co (VIP)"]
ARCHIVED_CLIENT = "Archie Archived"

# Shades of that records file that are not retired (sorted), one retired shade, and each
# shade's lots. Two shades share the lot number SHARED-7; a name or number with a line break
# is never offered.
ACTIVE_SHADES = ["Café Noir", "Onyx Black", "Slate Grey"]
RETIRED_SHADE = "Retired Umber"
SHADE_WITH_LINE_BREAK = "Line\nBreak"
SHADE_LOTS = {"Onyx Black": ["OB-101", "SHARED-7", "LB\n1"], "Slate Grey": ["SG-202", "SHARED-7"],
              RETIRED_SHADE: ["RU-303"]}
# What `smp _complete lots` offers: each number once, sorted, those of retired shades too
# (trace and recall are about what clients received).
LOT_NUMBERS = ["OB-101", "RU-303", "SG-202", "SHARED-7"]


def add_shades_and_lots(smp):
    """Adds the shades and lots above with smp(*args), then retires RETIRED_SHADE."""
    for name in ACTIVE_SHADES + [RETIRED_SHADE, SHADE_WITH_LINE_BREAK]:
        smp("shade", "add", name)
    for shade, numbers in SHADE_LOTS.items():
        for number in numbers:
            smp("shade", "lot", "add", shade, number, "--expires", "2027-06")
    smp("shade", "retire", RETIRED_SHADE)


def base_env(home):
    """An environment that cannot see the user's records, config or completions."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SMP_", "XDG_", "BASH_COMPLETION"))}
    env.update(HOME=home, LC_ALL="C.UTF-8", NO_COLOR="1")
    return env


def run_smp(args, env):
    result = subprocess.run([SMP_BIN, *args], env=env, capture_output=True, text=True,
                            timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"smp {' '.join(args)} exited {result.returncode}: "
                             f"{result.stderr}")
    return result.stdout


def parse_help(text):
    """The subcommand names and long options a CLI11 --help lists."""
    subcommands, options, section = [], set(), None
    for line in text.splitlines():
        header = re.fullmatch(r"(\w+):\s*", line)
        if header:
            section = header.group(1).lower()
            continue
        if not line.strip():
            section = None
            continue
        item = re.match(r"  (\S+)", line)
        if not item:
            continue  # a description wrapped onto its own line
        if section == "subcommands":
            subcommands.append(item.group(1))
        elif section == "options":
            options.update(name for name in item.group(1).split(",") if name.startswith("--"))
    return subcommands, options


def discover_commands():
    """{command path: (subcommands, long options)} for every command --help shows, the root
    included as (). Global options are listed by the root only."""
    env = base_env(tempfile.gettempdir())
    tree, pending = {}, [()]
    while pending:
        path = pending.pop(0)
        subcommands, options = parse_help(run_smp([*path, "--help"], env))
        tree[path] = (subcommands, options)
        pending.extend(path + (name,) for name in subcommands)
    return tree


def bash_words(line):
    """Splits a command line into COMP_WORDS as bash does: at unquoted blanks, and around
    "=" and ":" (COMP_WORDBREAKS). The last word is the one being completed."""
    words, word, quote, i = [], "", None, 0
    while i < len(line):
        char = line[i]
        if quote:
            word += char
            if char == quote:
                quote = None
        elif char == "\\" and i + 1 < len(line):
            word += line[i:i + 2]
            i += 1
        elif char in "'\"":
            quote = char
            word += char
        elif char.isspace():
            if word:
                words.append(word)
            word = ""
        elif char in "=:":
            if word:
                words.append(word)
            words.append(char)
            word = ""
        else:
            word += char
        i += 1
    if word or not words or line[-1].isspace():
        words.append(word)
    return words


# Types LINE ($2) and TAB at an interactive zsh on a pseudo-terminal, with compinit and the
# completion in $1 on fpath. A wrapper around compadd prints each match it adds (between \x01
# and \x02, which the echo of what was typed never holds); \x03 ends the completion.
ZSH_DRIVER = r"""
zmodload zsh/zpty || exit 90
zpty smp zsh -f -i
zpty -w smp "fpath=(${(q)1} \$fpath); PROMPT=; autoload -U compinit; compinit -u -D"
zpty -w smp 'bindkey "^I" complete-word; zstyle ":completion:*" insert-tab false'
zpty -w smp 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits; local hit
  builtin compadd -A hits "$@"
  for hit in $hits; do print -r -- $'\''\x01'\''$hit$'\''\x02'\''; done
  builtin compadd "$@"
}'
zpty -w smp 'comppostfuncs=(smp_done); smp_done() { print -r -- $'\''\x03'\''; exit }'
zpty -w -n smp "$2"$'\t'
local line
while zpty -r smp line; do
  [[ $line == *$'\x03'* ]] && break
  [[ $line == *$'\x01'*$'\x02'* ]] && { line=${line#*$'\x01'}; print -r -- ${line%$'\x02'*} }
done
zpty -d smp
"""

# Loads the completion the way bash-completion does (from inside a function), calls the
# function `complete -p smp` names on the words given as arguments, prints COMPREPLY.
BASH_DRIVER = r"""
if [[ -r $BASH_COMPLETION_SCRIPT ]]; then
    . "$BASH_COMPLETION_SCRIPT"
fi
load_completion() { . "$SMP_COMPLETION"; }
load_completion
spec=$(complete -p smp) || exit 90
[[ $spec =~ -F\ ([^ ]+) ]] || exit 91
function=${BASH_REMATCH[1]}
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$TEST_LINE
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()
"$function" smp "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
for word in "${COMPREPLY[@]}"; do printf '%s\0' "$word"; done
"""


class CompletionEnvironment:
    """A temporary HOME with a bin/smp symlink to the built binary for the shells' PATH, and
    a records file (in a folder whose name needs quoting) holding the test clients, shades
    and lots."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="smp-completion-")
        try:
            self.set_up(self.dir.name)
        except BaseException:
            self.dir.cleanup()
            raise

    def set_up(self, root):
        self.root = root
        bin_dir = os.path.join(self.root, "bin")
        os.mkdir(bin_dir)
        os.symlink(SMP_BIN, os.path.join(bin_dir, "smp"))
        self.env = base_env(self.root)
        self.env["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin")
        os.mkdir(os.path.join(self.root, "my records"))
        self.records = os.path.join(self.root, "my records", "records.db")
        for name in ACTIVE_CLIENTS + [ARCHIVED_CLIENT]:
            run_smp(["-f", self.records, "-q", "client", "add", name], self.env)
        run_smp(["-f", self.records, "-q", "client", "archive", "archie"], self.env)
        add_shades_and_lots(lambda *args: run_smp(["-f", self.records, "-q", *args], self.env))

    def bash(self, line, records=None, cwd=None):
        """COMPREPLY for the line, the cursor at its end; SMP_FILE=records when given."""
        env = dict(self.env, SMP_COMPLETION=BASH_FILE, BASH_COMPLETION_SCRIPT=BASH_COMPLETION,
                   TEST_LINE=line)
        if records:
            env["SMP_FILE"] = records
        result = subprocess.run(["bash", "-c", BASH_DRIVER, "bash", *bash_words(line)],
                                env=env, cwd=cwd or self.root, capture_output=True, text=True,
                                timeout=60)
        if result.returncode != 0 or result.stderr:
            raise AssertionError(f"completing {line!r} in bash: exit {result.returncode}, "
                                 f"stderr {result.stderr!r}")
        return result.stdout.split("\0")[:-1]

    def fish(self, line, records=None):
        """The candidates fish offers for the line (without their descriptions)."""
        env = dict(self.env, TEST_LINE=line)
        if records:
            env["SMP_FILE"] = records
        result = subprocess.run(
            ["fish", "--no-config", "-c", 'source $argv[1]; complete -C"$TEST_LINE"',
             FISH_FILE],
            env=env, cwd=self.root, capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or result.stderr:
            raise AssertionError(f"completing {line!r} in fish: exit {result.returncode}, "
                                 f"stderr {result.stderr!r}")
        return [entry.split("\t")[0] for entry in result.stdout.splitlines()]

    def zsh(self, line, records=None):
        """The matches zsh adds for the line, quoted as zsh would insert them."""
        env = dict(self.env)
        if records:
            env["SMP_FILE"] = records
        result = subprocess.run(["zsh", "-f", "-c", ZSH_DRIVER, "zsh", COMPLETIONS, line],
                                env=env, cwd=self.root, capture_output=True, text=True,
                                timeout=60)
        if result.returncode != 0 or result.stderr:
            raise AssertionError(f"completing {line!r} in zsh: exit {result.returncode}, "
                                 f"stderr {result.stderr!r}")
        return result.stdout.splitlines()

    def cleanup(self):
        self.dir.cleanup()


class ShellTestCase(unittest.TestCase):
    """A CompletionEnvironment (self.shell) shared by the class, and its records file."""

    @classmethod
    def setUpClass(cls):
        cls.shell = CompletionEnvironment()
        cls.records = cls.shell.records

    @classmethod
    def tearDownClass(cls):
        cls.shell.cleanup()

    def assert_shell_words(self, line, replies, expected):
        """The replies, each read back as the shell would (exactly one word), are the names
        expected, in any order."""
        names = []
        for reply in replies:
            try:
                words = shlex.split(reply)
            except ValueError as error:
                self.fail(f"completing {line!r}: {reply!r} is not valid shell ({error})")
            self.assertEqual(len(words), 1, f"completing {line!r}: {reply!r} is {len(words)} "
                                            "shell words, not one")
            names.append(words[0])
        self.assertEqual(sorted(names), sorted(expected), f"completing {line!r} gave {replies}")


class ShadeAndLotNames:
    """Shade names and lot numbers, the same in every shell (mixed into each shell's
    ShellTestCase, which gives assert_names(line, expected, records=None): the line completes
    to exactly the names expected)."""

    def test_shade_names_for_every_shade_argument(self):
        for line in ("smp shade show ", "smp shade edit ", "smp shade retire ",
                     "smp shade edit --base black ", "smp shade lot add ",
                     "smp shade lot list --shade ", "smp session log Jane --shade ",
                     "smp session plan Jane --shade ", "smp session done 1 --shade ",
                     "smp session edit 1 --shade "):
            with self.subTest(line=line):
                self.assert_names(line, ACTIVE_SHADES, records=self.records)

    def test_shade_names_match_prefix_then_ignore_case(self):
        self.assert_names("smp shade show Sl", ["Slate Grey"], records=self.records)
        self.assert_names("smp shade show sl", ["Slate Grey"], records=self.records)
        self.assert_names("smp session log Jane --shade caf", ["Café Noir"],
                          records=self.records)

    def test_retired_shades_are_not_offered(self):
        self.assert_names("smp shade show Ret", [], records=self.records)
        # Only a retired shade can be unretired: the shades offered elsewhere would be wrong.
        self.assert_names("smp shade unretire ", [], records=self.records)

    def test_lot_numbers_for_every_lot_argument(self):
        # SHARED-7 belongs to two shades and is offered once; RU-303 is a retired shade's.
        for line in ("smp shade trace ", "smp shade recall ", "smp shade recall --reason x ",
                     "smp session log Jane --lot ", "smp session log Jane --lot OB-101 --lot ",
                     "smp session plan Jane --lot ", "smp session done 1 --lot ",
                     "smp session edit 1 --lot "):
            with self.subTest(line=line):
                self.assert_names(line, LOT_NUMBERS, records=self.records)
        self.assert_names("smp shade trace SH", ["SHARED-7"], records=self.records)
        self.assert_names("smp shade recall sh", ["SHARED-7"], records=self.records)

    def test_a_new_lot_number_is_not_offered(self):
        # `shade lot add SHADE LOT`: the lot is a new one, so nothing is offered for it.
        self.assert_names("smp shade lot add Slate\\ Grey ", [], records=self.records)
        self.assert_names("smp shade lot add Slate\\ Grey S", [], records=self.records)

    def test_shade_suggest_offers_clients(self):
        self.assert_names("smp shade suggest J", ["José Müller", "Jane Doe"],
                          records=self.records)

    def test_shades_and_lots_from_file_option(self):
        quoted = shlex.quote(self.records)
        self.assert_names(f"smp -f {quoted} shade show ", ACTIVE_SHADES)
        self.assert_names(f"smp shade trace --file {quoted} ", LOT_NUMBERS)
        self.assert_names(f"smp session log --file={quoted} Jane --lot ", LOT_NUMBERS)
        missing = os.path.join(self.shell.root, "missing.db")
        self.assert_names(f"smp --file {missing} shade show ", [], records=self.records)

    def test_no_records_file_means_no_shades_no_lots_and_no_file(self):
        missing = os.path.join(self.shell.root, "never-created.db")
        for line in ("smp shade show ", "smp shade trace ", "smp session log Jane --shade ",
                     "smp session log Jane --lot "):
            with self.subTest(line=line):
                self.assert_names(line, [], records=missing)
        self.assertFalse(os.path.exists(missing))


class BashCompletion(ShellTestCase, ShadeAndLotNames):
    def complete(self, line, records=None, cwd=None):
        return self.shell.bash(line, records, cwd)

    def assert_names(self, line, expected, records=None, cwd=None):
        """The completions of the line are exactly the names expected, each escaped so the
        shell reads it back as one argument."""
        self.assert_shell_words(line, self.complete(line, records, cwd), expected)

    def test_top_level_commands(self):
        replies = self.complete("smp ")
        self.assertLessEqual({"init", "client"}, set(replies))
        self.assertNotIn("_complete", replies)
        documented = set(discover_commands()[()][0])
        self.assertLessEqual(set(replies), documented, "offers a command --help does not list")

    def test_command_prefix(self):
        self.assertEqual(self.complete("smp cl"), ["client"])
        self.assertEqual(self.complete("smp --format json cl"), ["client"])

    def test_client_subcommands(self):
        self.assertEqual(set(self.complete("smp client ")), CLIENT_COMMANDS)
        self.assertEqual(self.complete("smp client ar"), ["archive"])
        self.assertEqual(set(self.complete("smp -q client ")), CLIENT_COMMANDS)

    def test_option_prefix(self):
        self.assertEqual(self.complete("smp client add --sk"), ["--skin-type"])
        self.assertEqual(self.complete("smp client list --ar"), ["--archived"])
        self.assertEqual(self.complete("smp client edit 3 --cl"), ["--clear"])
        self.assertEqual(self.complete("smp client show --fo"), ["--format"])

    def test_choice_values(self):
        self.assertEqual(self.complete("smp client add --skin-type "), CLIENT_CHOICES["--skin-type"])
        for command in ("add", "edit 1"):
            for option, values in CLIENT_CHOICES.items():
                with self.subTest(command=command, option=option):
                    self.assertEqual(self.complete(f"smp client {command} {option} "), values)
        self.assertEqual(self.complete("smp client edit 1 --clear "), CLEARABLE)
        self.assertEqual(self.complete("smp client add --norwood 3"), ["3", "3A", "3V"])

    def test_comma_separated_values(self):
        self.assertEqual(self.complete("smp client edit 1 --clear phone,em"), ["phone,email"])
        self.assertEqual(self.complete("smp client add --contraindication keloid,pr"),
                         ["keloid,pregnant"])

    def test_global_option_values(self):
        formats = ["table", "csv", "tsv", "json", "ndjson", "ics", "text", "html"]
        self.assertEqual(self.complete("smp --format "), formats)
        self.assertEqual(self.complete("smp client list --format "), formats)
        self.assertEqual(self.complete("smp --color "), ["auto", "always", "never"])
        # --opt=value: bash splits at "=" and replaces only what follows it.
        self.assertEqual(self.complete("smp --format=j"), ["json"])
        self.assertEqual(self.complete("smp client list --color="), ["auto", "always", "never"])

    def test_file_options_complete_paths(self):
        folder = os.path.join(self.shell.root, "files")
        os.mkdir(folder)
        open(os.path.join(folder, "practice.db"), "w").close()
        open(os.path.join(folder, "smp.toml"), "w").close()
        self.assertEqual(self.complete("smp -f pr", cwd=folder), ["practice.db"])
        self.assertEqual(self.complete("smp --file pr", cwd=folder), ["practice.db"])
        self.assertEqual(self.complete("smp client list --config sm", cwd=folder), ["smp.toml"])

    def test_client_names_from_smp_file(self):
        self.assert_names("smp client show ", ACTIVE_CLIENTS, records=self.records)
        self.assertIn("José\\ Müller", self.complete("smp client show ", records=self.records))

    def test_client_names_for_every_client_argument(self):
        for command in ("show", "edit", "archive", "unarchive", "remove", "consent", "screen"):
            with self.subTest(command=command):
                self.assert_names(f"smp client {command} J", ["José Müller", "Jane Doe"],
                                    records=self.records)

    def test_client_names_for_touchup_set_and_snooze(self):
        for command in ("set", "snooze"):
            with self.subTest(command=command):
                self.assert_names(f"smp touchup {command} J", ["José Müller", "Jane Doe"],
                                    records=self.records)

    def test_client_names_from_file_option(self):
        quoted = shlex.quote(self.records)
        self.assert_names(f"smp -f {quoted} client show ", ACTIVE_CLIENTS)
        self.assert_names(f"smp client show --file={quoted} J", ["José Müller", "Jane Doe"])
        self.assert_names("smp client edit --file my\\ records/records.db 李", ["李小龙"])
        # The line's file wins over SMP_FILE, as it does for smp.
        missing = os.path.join(self.shell.root, "missing.db")
        self.assert_names(f"smp --file {missing} client show ", [], records=self.records)

    def test_consent_document_completes_a_path(self):
        # `client consent --document` names the signed document.
        folder = os.path.join(self.shell.root, "documents")
        os.makedirs(folder, exist_ok=True)
        open(os.path.join(folder, "form.pdf"), "w").close()
        self.assertEqual(self.complete("smp client consent --document fo", cwd=folder),
                         ["form.pdf"])
        self.assertEqual(self.complete("smp client consent --document=fo", cwd=folder),
                         ["form.pdf"])
        self.assert_names("smp client consent --document form.pdf J",
                            ["José Müller", "Jane Doe"], records=self.records)

    def test_consent_file_is_the_records_file(self):
        # After `client consent`, --file is the global records-file option again.
        quoted = shlex.quote(self.records)
        self.assert_names(f"smp client consent --file {quoted} 李", ["李小龙"])
        self.assert_names(f"smp client consent --file={quoted} J", ["José Müller", "Jane Doe"])
        missing = os.path.join(self.shell.root, "missing.db")
        self.assert_names(f"smp client consent --file {missing} ", [], records=self.records)

    def test_client_names_match_prefix_then_ignore_case(self):
        self.assert_names("smp client show Jos", ["José Müller"], records=self.records)
        self.assert_names("smp client show jos", ["José Müller"], records=self.records)
        self.assert_names("smp client show José\\ M", ["José Müller"], records=self.records)
        self.assert_names("smp client show O", ["O'Brien & $Co (VIP)"], records=self.records)

    def test_client_names_after_an_open_quote(self):
        # Readline completes the text after the quote and closes it itself.
        self.assertEqual(self.complete('smp client show "Jos', records=self.records),
                         ["José Müller"])

    def test_archived_clients_are_not_offered(self):
        self.assertEqual(self.complete("smp client show Arch", records=self.records), [])
        replies = self.complete("smp client show ", records=self.records)
        self.assertFalse([reply for reply in replies if "Archie" in reply])

    def test_one_client_argument_only(self):
        self.assertNotIn("Jane\\ Doe",
                         self.complete("smp client show Jane\\ Doe ", records=self.records))
        self.assertEqual(self.complete("smp client add J", records=self.records), [])

    def test_option_value_after_equals(self):
        # bash splits `--lot=SH` at "=" and replaces only what follows it.
        self.assertEqual(self.complete("smp session log Jane --lot=SH", records=self.records),
                         ["SHARED-7"])
        self.assertEqual(self.complete("smp shade lot list --shade=On", records=self.records),
                         ["Onyx\\ Black"])

    def test_no_records_file_means_no_names_and_no_file(self):
        missing = os.path.join(self.shell.root, "never-created.db")
        self.assertEqual(self.complete("smp client show ", records=missing), [])
        self.assertFalse(os.path.exists(missing))


class InStepWithHelp(unittest.TestCase):
    """Every subcommand and long option `--help` shows is known to every completion.

    Failures are reported per top-level command (subTest command=...), so a command that is
    in smp but not yet in the completions shows up as exactly that."""

    @classmethod
    def setUpClass(cls):
        cls.tree = discover_commands()
        cls.shell = CompletionEnvironment()

    @classmethod
    def tearDownClass(cls):
        cls.shell.cleanup()

    def groups(self):
        """The command tree by top-level command: (name, [(path, subcommands, options)]).
        Each group includes its command's own name as a subcommand of smp; the global
        options are a group of their own."""
        root_subcommands, root_options = self.tree[()]
        groups = [("global options", [((), [], root_options)])]
        for top in root_subcommands:
            items = [((), [top], set())]
            items += [(path, subcommands, options)
                      for path, (subcommands, options) in sorted(self.tree.items())
                      if path[:1] == (top,)]
            groups.append((top, items))
        return groups

    def assert_file_knows_everything(self, path, command_pattern, option_pattern):
        """Each subcommand and long option --help lists matches its regex in the file."""
        with open(path, encoding="utf-8") as file:
            text = file.read()
        label = os.path.relpath(path, SOURCE_DIR)
        for group, items in self.groups():
            with self.subTest(command=group):
                missing = []
                for command, subcommands, options in items:
                    where = " ".join(("smp",) + command)
                    missing += [f"subcommand `{name}` of `{where}`" for name in subcommands
                                if not re.search(command_pattern(where, name), text)]
                    missing += [f"option {option} of `{where}`" for option in sorted(options)
                                if not re.search(option_pattern(option), text)]
                if missing:
                    self.fail(f"{label} lacks what --help shows:\n  " + "\n  ".join(missing))

    def assert_offers_what_help_shows(self, complete, label):
        """Driven for real: `smp <TAB>` offers the commands --help lists; at each command the
        completion offers its subcommands, and its long options plus the global ones (valid
        at every level), no more and no fewer."""
        root_subcommands, global_options = self.tree[()]
        top_level = set(complete("smp "))

        def compare(what, offered, expected):
            return ([f"`{what}` lacks {item}" for item in sorted(expected - offered)]
                    + [f"`{what}` offers {item}, which --help does not list"
                       for item in sorted(offered - expected)])

        for group, items in self.groups():
            with self.subTest(command=group):
                if group == "global options":
                    problems = compare("smp <TAB>", top_level - set(root_subcommands), set())
                    problems += compare("smp --<TAB>", set(complete("smp --")), global_options)
                else:
                    problems = compare("smp <TAB>", top_level & {group}, {group})
                    for command, subcommands, options in items[1:]:
                        line = " ".join(("smp",) + command)
                        if subcommands:
                            problems += compare(f"{line} <TAB>", set(complete(line + " ")),
                                                set(subcommands))
                        offered = {word for word in complete(line + " --")
                                   if word.startswith("--")}
                        problems += compare(f"{line} --<TAB>", offered, options | global_options)
                if problems:
                    self.fail(f"{label} is out of step with --help:\n  " + "\n  ".join(problems))

    def test_help_lists_init_and_client(self):
        self.assertIn("init", self.tree[()][0])
        self.assertIn("client", self.tree[()][0])
        self.assertNotIn("_complete", self.tree[()][0])
        self.assertEqual(set(self.tree[("client",)][0]), CLIENT_COMMANDS)
        self.assertIn("--skin-type", self.tree[("client", "add")][1])

    def test_bash_file(self):
        # A command's subcommands are listed in its _smp_subcommands entry.
        self.assert_file_knows_everything(
            BASH_FILE,
            lambda where, name: (rf"_smp_subcommands\[{re.escape(where)}\]='[^']*"
                                 rf"(?<![\w-]){re.escape(name)}(?![\w-])"),
            lambda option: rf"(?<![\w-]){re.escape(option)}(?![\w-])")

    def test_zsh_file(self):
        # Subcommands are _describe entries 'name:description'.
        self.assert_file_knows_everything(
            ZSH_FILE,
            lambda where, name: rf"'{re.escape(name)}:",
            lambda option: rf"(?<![\w-]){re.escape(option)}(?![\w-])")

    def test_fish_file(self):
        # Subcommands are declared with __smp_command PARENT NAME; options as -l NAME.
        self.assert_file_knows_everything(
            FISH_FILE,
            lambda where, name: (rf"__smp_command\s+['\"]?{re.escape(where)}['\"]?\s+"
                                 rf"{re.escape(name)}\s"),
            lambda option: rf"(?<![\w-])-l\s+{re.escape(option[2:])}(?![\w-])")

    def test_bash_offers_what_help_shows(self):
        self.assert_offers_what_help_shows(self.shell.bash, "completions/smp.bash")

    @unittest.skipUnless(shutil.which("fish"), "fish is not installed")
    def test_fish_offers_what_help_shows(self):
        self.assert_offers_what_help_shows(self.shell.fish, "completions/smp.fish")


class Syntax(unittest.TestCase):
    def check(self, shell, *args):
        if not shutil.which(shell):
            self.skipTest(f"{shell} is not installed")
        result = subprocess.run([shell, *args], capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, f"{shell} {' '.join(args)}: {result.stderr}")
        self.assertEqual(result.stderr, "")

    def test_bash(self):
        self.check("bash", "-n", BASH_FILE)

    def test_zsh(self):
        self.check("zsh", "-n", ZSH_FILE)

    def test_fish(self):
        self.check("fish", "--no-execute", FISH_FILE)


@unittest.skipUnless(shutil.which("fish"), "fish is not installed")
class FishCompletion(ShellTestCase, ShadeAndLotNames):
    """fish can be asked for completions directly (complete -C), so it is driven too."""

    def complete(self, line, records=None):
        return self.shell.fish(line, records)

    def assert_names(self, line, expected, records=None):
        replies = self.complete(line, records)
        self.assertEqual(sorted(replies), sorted(expected), f"completing {line!r} gave {replies}")

    def test_commands_and_values(self):
        self.assertLessEqual({"init", "client"}, set(self.complete("smp ")))
        self.assertEqual(set(self.complete("smp client ")), CLIENT_COMMANDS)
        self.assertEqual(self.complete("smp client add --sk"), ["--skin-type"])
        self.assertEqual(sorted(self.complete("smp client add --skin-type ")),
                         sorted(CLIENT_CHOICES["--skin-type"]))
        self.assertEqual(sorted(self.complete("smp --format ")),
                         ["csv", "html", "ics", "json", "ndjson", "table", "text", "tsv"])

    def test_client_names(self):
        self.assertEqual(sorted(self.complete("smp client show ", records=self.records)),
                         sorted(ACTIVE_CLIENTS))
        quoted = shlex.quote(self.records)
        self.assertEqual(sorted(self.complete(f"smp client edit -f {quoted} J")),
                         ["Jane Doe", "José Müller"])


@unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
class ZshCompletion(ShellTestCase, ShadeAndLotNames):
    """zsh typed at on a pseudo-terminal (see ZSH_DRIVER)."""

    def assert_names(self, line, expected, records=None):
        self.assert_shell_words(line, self.shell.zsh(line, records), expected)

    def test_client_names(self):
        self.assert_names("smp client show ", ACTIVE_CLIENTS, records=self.records)
        self.assert_names("smp session log jos", ["José Müller"], records=self.records)


class CompleteCommand(SmpTestCase):
    """`smp _complete KIND`, what the completions call: exactly the names, one per line."""

    def complete(self, kind, **kw):
        result = self.smp("_complete", kind, **kw)
        self.assertEqual(result.stderr, "")
        return result.stdout

    def test_shades_not_retired_one_per_line(self):
        add_shades_and_lots(lambda *args: self.smp(*args, "-q"))
        self.assertEqual(self.complete("shades"), "".join(f"{name}\n" for name in ACTIVE_SHADES))

    def test_lots_each_number_once(self):
        add_shades_and_lots(lambda *args: self.smp(*args, "-q"))
        self.assertEqual(self.complete("lots"), "".join(f"{number}\n" for number in LOT_NUMBERS))

    def test_no_shades_or_lots_prints_nothing(self):
        self.add_client("Jane Doe")
        self.assertEqual(self.complete("shades"), "")
        self.assertEqual(self.complete("lots"), "")

    def test_no_records_file_prints_nothing_and_creates_none(self):
        for kind in ("clients", "shades", "lots"):
            with self.subTest(kind=kind):
                self.assertEqual(self.complete(kind), "")
        self.assertFalse(os.path.exists(self.records))

    def test_quiet_about_a_damaged_records_file(self):
        with open(self.records, "w", encoding="utf-8") as file:
            file.write("not a records file\n")
        for kind in ("clients", "shades", "lots"):
            with self.subTest(kind=kind):
                self.assertEqual(self.complete(kind), "")


# Values from smp's own closed sets that the completion files once spelled out themselves:
# now they ask `smp _complete values`, so none of them may appear literally.
LITERAL_VALUES = ["dark-brown", "alopecia-areata", "laser-removal", "mid-scalp", "fue-scars",
                  "dark-grey", "whatsapp", "followup", "ndjson", "hair-loss", "consult",
                  "marketing", "3V"]


def described_options():
    """(command path, option name, values) for every option `smp _describe` gives values."""
    described = json.loads(subprocess.run([SMP_BIN, "_describe"], capture_output=True,
                                          text=True, check=True, timeout=60).stdout)
    found = [("", option["names"][-1], option["values"]) for option in described["options"]]

    def walk(path, command):
        here = f"{path} {command['name']}".strip()
        for option in command["options"]:
            if option["positional"] is None:
                found.append((here, option["names"][-1], option["values"]))
        for sub in command["commands"]:
            walk(here, sub)

    for command in described["commands"]:
        walk("", command)
    return found


class CompleteValues(SmpTestCase):
    """`smp _complete values COMMAND OPTION`: an option's allowed values, as _describe has them."""

    def values(self, *args):
        result = self.smp("-f", os.path.join(self.home, "absent", "records.db"), "_complete",
                          "values", *args, as_of=False)
        self.assertEqual(result.stderr, "")
        return result.stdout

    def test_prints_exactly_what_describe_lists(self):
        options = described_options()
        self.assertGreater(sum(1 for _, _, values in options if values), 20)
        for command, option, values in options:
            with self.subTest(command=command, option=option):
                printed = self.values(command, option)
                self.assertEqual(printed, "".join(f"{value}\n" for value in values))

    def test_skin_type_and_clear(self):
        self.assertEqual(self.values("client add", "--skin-type"), "I\nII\nIII\nIV\nV\nVI\n")
        self.assertIn("planned-sessions\n", self.values("client edit", "--clear"))
        self.assertEqual(self.values("shade edit", "--clear"), "brand\ndilution\nnotes\n")
        self.assertEqual(self.values("session list", "--format"),
                         "table\ncsv\ntsv\njson\nndjson\nics\ntext\nhtml\n")

    def test_quiet_about_every_problem(self):
        for args in ([], ["client add"], ["no such", "--format"], ["client add", "--bogus"],
                     ["client add", "--name"], ["client add", "skin-type"], ["a", "b", "c"]):
            with self.subTest(args=args):
                self.assertEqual(self.values(*args), "")
        self.assertFalse(os.path.exists(os.path.join(self.home, "absent")))


class CompletionFilesAskSmp(unittest.TestCase):
    def test_no_literal_value_lists(self):
        for path in (BASH_FILE, ZSH_FILE, FISH_FILE):
            with open(path, encoding="utf-8") as file:
                text = file.read()
            self.assertIn("_complete values", text)
            for word in LITERAL_VALUES:
                with self.subTest(file=os.path.basename(path), word=word):
                    self.assertNotRegex(text, rf"(?<![\w-]){re.escape(word)}(?![\w-])")


if __name__ == "__main__":
    unittest.main()

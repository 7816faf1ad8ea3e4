"""smp installed as a user gets it: the Debian package and `cmake --install --prefix /usr/local`.

Nothing here changes the machine. The package (`cpack -G DEB`, from the build folder) is
installed with dpkg into a throwaway root (`dpkg --root`) and purged again; the /usr/local
install goes under DESTDIR. Each shell is then asked, in a real session, to find smp's
completion in the folders it searches by default, with each folder moved under the throwaway
root; man finds every command's page the same way.

Run with SMP_BUILD_DIR (the build folder, configured and built) and SMP_SOURCE_DIR set, as
CTest does.
"""

import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("SMP_SOURCE_DIR") or Path(__file__).resolve().parents[2])
BUILD_DIR = Path(os.environ.get("SMP_BUILD_DIR", SOURCE_DIR / "build"))


def run(*args, env=None, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=300,
                            env={**os.environ, **(env or {})}, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {result.returncode}:\n"
                             f"{result.stdout}{result.stderr}")
    return result.stdout


def commands():
    """The commands `smp --help` lists, each of which must have a manual page."""
    out = run(BUILD_DIR / "smp", "--help")
    block = out.split("Subcommands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.startswith("  ")]


def shipped_build():
    """True for the build packagers get (the default): the binary needs only the C library.
    A sanitizer or shared-library build (-DSMP_STATIC_LINK=OFF) needs more, and is never
    shipped: its package is installed and checked, but not held to Depends and lintian."""
    dynamic = run("readelf", "-d", BUILD_DIR / "smp")
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    return needed <= {"libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}


def under(root, folders):
    """The shell's own search folders, moved under ROOT."""
    return [f"{root}{folder}" for folder in folders if folder.startswith("/")]


class InstalledTree:
    """Checks shared by both kinds of install; ROOT holds the tree, PREFIX is where smp went."""

    root: Path
    home: Path  # the shells' HOME, apart from the root so purging it leaves it empty
    prefix: str

    def test_binary_runs(self):
        out = run(self.root / self.prefix.lstrip("/") / "bin/smp", "--version")
        self.assertRegex(out, r"^smp \d+\.\d+\.\d+\n")

    def test_man_finds_a_page_for_every_command(self):
        man_dir = self.root / self.prefix.lstrip("/") / "share/man"
        for name in ["smp", *(f"smp-{command}" for command in commands())]:
            with self.subTest(page=name):
                found = run("man", "-M", man_dir, "-w", name).strip()
                self.assertTrue(found.startswith(str(man_dir)), found)
                self.assertTrue(found.endswith(".1.gz"), found)
                text = run("man", "-M", man_dir, "-P", "cat", name, env={"MANWIDTH": "80"})
                self.assertIn("smp", text)
        self.assertTrue(run("man", "-M", man_dir, "-w", "5", "smp-config").strip())

    @unittest.skipUnless(shutil.which("bash") and
                         Path("/usr/share/bash-completion/bash_completion").exists(),
                         "bash-completion is not installed")
    def test_bash_finds_the_completion(self):
        # bash-completion searches $XDG_DATA_DIRS, by default /usr/local/share:/usr/share.
        folders = ":".join(under(self.root, ["/usr/local/share", "/usr/share"]))
        script = ("source /usr/share/bash-completion/bash_completion; "
                  "__load_completion smp && complete -p smp")
        out = run("bash", "--norc", "--noprofile", "-c", script,
                  env={"XDG_DATA_DIRS": folders, "BASH_COMPLETION_USER_DIR": "/nonexistent"})
        self.assertIn("_smp", out)

    @unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
    def test_zsh_finds_the_completion(self):
        # zsh's own folders stay after the moved ones: compinit needs its functions.
        default = run("zsh", "-f", "-c", "print -l $fpath").split()
        fpath = " ".join(under(self.root, default) + default)
        script = (f"zmodload zsh/parameter; fpath=({fpath}); autoload -U compinit; "
                  "compinit -u -D; print -r -- ${_comps[smp]}; autoload +X _smp; "
                  "print -r -- $functions_source[_smp]")
        out = run("zsh", "-f", "-c", script, env={"HOME": str(self.home)}).splitlines()
        self.assertEqual(out[0], "_smp")
        self.assertTrue(out[1].startswith(str(self.root)), out)

    @unittest.skipUnless(shutil.which("fish"), "fish is not installed")
    def test_fish_finds_the_completion(self):
        # fish's own search path, as a login without XDG_DATA_DIRS has it.
        env = {key: value for key, value in os.environ.items() if key != "XDG_DATA_DIRS"}
        env["HOME"] = str(self.home)
        # fish loads a command's completion only for a command it can find.
        env["PATH"] = f"{self.root}{self.prefix}/bin:{env['PATH']}"
        default = subprocess.run(["fish", "-c", "string join \\n -- $fish_complete_path"],
                                 capture_output=True, text=True, env=env, check=True).stdout.split()
        folders = " ".join(f"'{folder}'" for folder in under(self.root, default))
        script = (f"set fish_complete_path {folders}; complete -C 'smp cli'; "
                  "complete -C 'smp help tou'")
        out = subprocess.run(["fish", "-c", script], capture_output=True, text=True, env=env,
                             check=True).stdout
        self.assertRegex(out, r"(?m)^client\t")
        self.assertRegex(out, r"(?m)^touchup\t")


@unittest.skipUnless(shutil.which("dpkg") and shutil.which("cpack"), "dpkg or cpack is missing")
class DebianPackage(InstalledTree, unittest.TestCase):
    prefix = "/usr"

    @classmethod
    def setUpClass(cls):
        cls.work = Path(tempfile.mkdtemp(prefix="smp-package-"))
        run("cpack", "-G", "DEB", "--config", BUILD_DIR / "CPackConfig.cmake", "-B",
            cls.work / "out")
        cls.deb = next((cls.work / "out").glob("smp_*.deb"))
        cls.root = cls.work / "root"
        cls.home = cls.work / "home"
        cls.home.mkdir()
        for folder in ("info", "updates", "triggers"):
            (cls.root / "var/lib/dpkg" / folder).mkdir(parents=True)
        (cls.root / "var/lib/dpkg/status").touch()
        # Dependencies are the machine's (libc), not the empty root's.
        cls.dpkg = ["dpkg", f"--root={cls.root}", "--force-not-root", "--log=/dev/null"]
        run(*cls.dpkg, "--force-depends", "-i", cls.deb)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_package_name_and_fields(self):
        version = run(BUILD_DIR / "smp", "--version").split()[1]
        self.assertEqual(self.deb.name, f"smp_{version}_{run('dpkg', '--print-architecture').strip()}.deb")
        fields = run("dpkg-deb", "--field", self.deb)
        # Computed by dpkg-shlibdeps from what the binary links.
        if shipped_build():
            self.assertRegex(fields, r"(?m)^Depends: libc6 \(>= [\d.]+\)$")
        else:
            self.assertRegex(fields, r"(?m)^Depends: .*libc6 \(>= [\d.]+\)")
        self.assertRegex(fields, r"(?m)^Description: records for scalp micropigmentation")
        self.assertRegex(fields, r"(?m)^Section: utils$")

    def test_binary_is_stripped(self):
        out = run("file", "-L", self.root / "usr/bin/smp")
        self.assertIn("stripped", out)
        self.assertNotIn("not stripped", out)
        self.assertNotIn("debug_info", out)

    def test_pages_are_compressed_and_licence_is_shipped(self):
        files = run("dpkg-deb", "--contents", self.deb)
        self.assertNotRegex(files, r"share/man/\S+\.[15]\n")
        self.assertIn("./usr/share/doc/smp/copyright", files)
        self.assertIn("./usr/share/zsh/vendor-completions/_smp", files)
        self.assertIn("./usr/share/fish/vendor_completions.d/smp.fish", files)
        self.assertIn("./usr/share/bash-completion/completions/smp", files)

    @unittest.skipUnless(shutil.which("lintian"), "lintian is not installed")
    def test_lintian_finds_no_error_or_warning(self):
        if not shipped_build():
            self.skipTest("a sanitizer or shared-library build is not shipped")
        result = subprocess.run(["lintian", "--fail-on", "error,warning", self.deb],
                                capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_zz_purge_removes_every_file(self):
        # Named to run last (unittest runs a class's tests in name order): the others need
        # the package installed.
        run(*self.dpkg, "--purge", "smp")
        left = [path for path in self.root.rglob("*")
                if not path.is_dir() and "var/lib/dpkg" not in str(path)]
        self.assertEqual(left, [])
        self.assertNotIn("smp", run("dpkg-query", f"--admindir={self.root}/var/lib/dpkg",
                                    "-W", "-f", "${Package}\n"))


class UsrLocalInstall(InstalledTree, unittest.TestCase):
    prefix = "/usr/local"

    @classmethod
    def setUpClass(cls):
        cls.work = Path(tempfile.mkdtemp(prefix="smp-install-"))
        cls.root = cls.work / "root"
        cls.home = cls.work / "home"
        cls.home.mkdir()
        run("cmake", "--install", BUILD_DIR, "--prefix", "/usr/local",
            env={"DESTDIR": str(cls.root)})

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_completions_where_the_shells_look(self):
        self.assertTrue((self.root / "usr/local/share/zsh/site-functions/_smp").exists())
        self.assertTrue((self.root / "etc/fish/completions/smp.fish").exists())
        self.assertTrue((self.root / "usr/local/share/bash-completion/completions/smp").exists())
        self.assertFalse((self.root / "usr/share").exists(), "nothing goes into the distribution's /usr")


if __name__ == "__main__":
    unittest.main()

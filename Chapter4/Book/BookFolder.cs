using System.Globalization;
using System.Reflection;
using Chapter4.Files;
using Chapter4.Harness;

namespace Chapter4.Book;

/// <summary>
/// Which folders `book` may write, replace and delete. The book deletes only what it can prove it made: every
/// site and every staging folder carries a marker file naming the program that wrote it, and a folder
/// without one is never replaced, renamed or removed.
/// </summary>
public static class BookFolder
{
    /// <summary>The marker's name, inside every site and every staging folder the book writes.</summary>
    public const string MarkerName = ".chapter4-book";

    private const string MarkerFirstLine = "Chapter4 book site";

    /// <summary>The marker's text: what wrote the folder, and which version.</summary>
    public static string MarkerText
    {
        get
        {
            string version = typeof(BookFolder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            return $"{MarkerFirstLine}\nwritten by Chapter4 {version}\nThis folder was written by `book`; the next `book --out` here replaces it whole.\n";
        }
    }

    /// <summary>True when <paramref name="folder"/> holds the book's marker (a regular file that starts with its line).</summary>
    public static bool HasMarker(string folder)
    {
        string marker = Path.Combine(folder, MarkerName);
        try
        {
            var info = new FileInfo(marker);
            if (!info.Exists || info.LinkTarget is not null || info.Length > 4096) return false;
            using var reader = new StreamReader(marker);
            return reader.ReadLine() == MarkerFirstLine;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The folder the site goes to, checked before any lesson runs: the full path (a symbolic link followed to
    /// its folder), or a <see cref="LessonInputException"/> (exit 2) saying why the book will not write there.
    /// </summary>
    public static string CheckTarget(string requested, string currentDirectory)
    {
        string folder = RealPath(Path.GetFullPath(requested, currentDirectory));
        string shown = Text.Escape(requested);
        string? parent = Path.GetDirectoryName(folder);
        if (parent is null) throw new LessonInputException($"--out: '{shown}' is the root folder; give a folder of its own for the book, e.g. --out book");
        if (File.Exists(folder)) throw new LessonInputException($"--out: '{shown}' is a file");
        if (!Directory.Exists(parent)) throw new LessonInputException($"--out: the folder '{Text.Escape(parent)}' does not exist");

        // Folders the book must never replace, book marker or not: where the user stands, the repository and the plots.
        string cwd = RealPath(Path.GetFullPath(currentDirectory));
        if (IsSameOrAncestor(folder, cwd))
            throw new LessonInputException($"--out: '{shown}' is the current folder or contains it; the book replaces its folder whole, so give a folder of its own, e.g. --out book");
        if (Repository.FindRoot(cwd) is { } repository)
        {
            if (IsSameOrAncestor(folder, repository))
                throw new LessonInputException($"--out: '{shown}' is the repository or contains it; give a folder of its own, e.g. --out book");
            if (IsSameOrAncestor(folder, Path.Combine(repository, "plots")))
                throw new LessonInputException($"--out: '{shown}' is the lessons' plots folder; give a folder of its own, e.g. --out book");
        }

        if (Directory.Exists(folder) && !MayReplace(folder))
            throw new LessonInputException($"--out: '{shown}' is a folder that `book` did not write (it has no {MarkerName} file); " +
                                           "the book replaces its folder whole, so give a new or empty folder, or delete this one yourself");
        return folder;
    }

    /// <summary>A folder the book may replace: one it marked, an empty one, or a site of an earlier book.</summary>
    public static bool MayReplace(string folder) => HasMarker(folder) || IsEmpty(folder) || WrittenByAnEarlierBook(folder);

    // The path with every symbolic link along it followed, so that a link cannot disguise the repository or plots/.
    private static string RealPath(string full)
    {
        string path = Path.GetPathRoot(full) ?? "/";
        foreach (string part in full[path.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            path = Path.Combine(path, part);
            for (int hops = 0; hops < 40 && new DirectoryInfo(path) is { Exists: true, LinkTarget: not null } link; hops++)
                path = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        return Path.TrimEndingDirectorySeparator(path);
    }

    private static bool IsSameOrAncestor(string folder, string path)
    {
        string a = Path.TrimEndingDirectorySeparator(folder), b = Path.TrimEndingDirectorySeparator(path);
        return b == a || b.StartsWith(a + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static bool IsEmpty(string folder)
    {
        try { return !Directory.EnumerateFileSystemEntries(folder).Any(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// A site written before the marker existed, recognised only when certain: every entry is one the book
    /// writes (index.html, style.css, lesson pages, plots/ holding only PNGs) and index.html carries the
    /// book's own header. Anything else in the folder and it is not recognised.
    /// </summary>
    private static bool WrittenByAnEarlierBook(string folder)
    {
        try
        {
            var pages = LessonRegistry.Ids.Select(id => id + ".html").ToHashSet();
            foreach (string entry in Directory.EnumerateFileSystemEntries(folder))
            {
                string name = Path.GetFileName(entry);
                var info = new FileInfo(entry);
                if (info.LinkTarget is not null) return false;
                if (Directory.Exists(entry))
                {
                    if (name != "plots") return false;
                    if (Directory.EnumerateFileSystemEntries(entry).Any(p => !p.EndsWith(".png", StringComparison.Ordinal) || Directory.Exists(p)))
                        return false;
                }
                else if (name is not ("index.html" or "style.css") && !pages.Contains(name)) return false;
            }
            string index = Path.Combine(folder, "index.html");
            return File.Exists(index) && new FileInfo(index).Length < 1_000_000 &&
                   File.ReadAllText(index).Contains("<header class=\"book\">\n<h1>Chapter4</h1>", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes the marker into a folder the book has just made.</summary>
    public static void Mark(string folder) => File.WriteAllText(Path.Combine(folder, MarkerName), MarkerText);

    /// <summary>
    /// A build stopped by a signal (Ctrl-C) cannot clean up; the next build removes what such a build left — a
    /// staging folder or a renamed old site — only when it carries the marker and the process named in its
    /// name is gone. Folders that merely look like leftovers are never touched.
    /// </summary>
    public static void RemoveAbandoned(string parent, string name)
    {
        foreach (string dir in Directory.GetDirectories(parent, $".{name}.building-*").Concat(Directory.GetDirectories(parent, $"{name}.old-*")))
        {
            string pid = dir[(dir.LastIndexOf('-') + 1)..];
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id != Environment.ProcessId &&
                !ProcessIsRunning(id) && new DirectoryInfo(dir).LinkTarget is null && HasMarker(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    private static bool ProcessIsRunning(int id)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

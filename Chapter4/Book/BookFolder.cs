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
    public static bool HasMarker(string folder) => ReadMarker(folder) is not null;

    /// <summary>
    /// The marker's lines, or null when there is none: only a regular file, opened without blocking (a FIFO or a
    /// device named like the marker is no marker), at most 64 KB, whose first line is the book's.
    /// </summary>
    private static string[]? ReadMarker(string folder)
    {
        string marker = Path.Combine(folder, MarkerName);
        try
        {
            if (new FileInfo(marker) is not { Exists: true, LinkTarget: null }) return null;
            byte[] bytes = RegularFile.ReadAll(marker, 64 << 10, _ => "too large");
            string[] lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
            return lines[0] == MarkerFirstLine ? lines : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RegularFileException)
        {
            return null;
        }
    }

    /// <summary>
    /// The folder the site goes to, checked before any lesson runs: the full path (a symbolic link followed to
    /// its folder), or a <see cref="LessonInputException"/> (exit 2) saying why the book will not write there.
    /// </summary>
    public static string CheckTarget(string requested, string currentDirectory)
    {
        // Not Path.GetFullPath first: it would fold "link/.." by its text, where the file system follows the link.
        if (requested.Contains('\0')) throw new LessonInputException(BookErrors.Format("out.nul"));
        string folder = RealPath(Path.IsPathRooted(requested) ? requested : Path.Combine(currentDirectory, requested));
        string shown = Text.Escape(requested);
        string? parent = Path.GetDirectoryName(folder);
        if (parent is null) throw new LessonInputException(BookErrors.Format("out.root", shown));
        if (File.Exists(folder)) throw new LessonInputException(BookErrors.Format("out.file", shown));
        if (!Directory.Exists(parent)) throw new LessonInputException(BookErrors.Format("out.no-parent", Text.Escape(parent)));

        // Folders the book must never replace, book marker or not: where the user stands, the repository and the plots.
        string cwd = RealPath(Path.GetFullPath(currentDirectory));
        if (IsSameOrAncestor(folder, cwd))
            throw new LessonInputException(BookErrors.Format("out.current", shown));
        if (Repository.FindRoot(cwd) is { } repository)
        {
            if (IsSameOrAncestor(folder, repository))
                throw new LessonInputException(BookErrors.Format("out.repository", shown));
            if (IsSameOrAncestor(folder, Path.Combine(repository, "plots")))
                throw new LessonInputException(BookErrors.Format("out.plots", shown));
        }

        if (Directory.Exists(folder) && !MayReplace(folder))
            throw new LessonInputException(BookErrors.Format("out.foreign", shown, MarkerName));
        return folder;
    }

    /// <summary>
    /// A folder the book may replace: an empty one, or a site it marked whose every entry is one its marker lists
    /// (so a file a user added to a site, or a hand-made marker, keeps the folder from being replaced).
    /// </summary>
    public static bool MayReplace(string folder)
    {
        if (IsEmpty(folder)) return true;
        if (ReadMarker(folder) is not { } lines) return false;
        var listed = lines.Where(l => l.StartsWith(ListedPrefix, StringComparison.Ordinal)).Select(l => l[ListedPrefix.Length..]).ToHashSet(StringComparer.Ordinal);
        try
        {
            return Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(e => Path.GetRelativePath(folder, e).Replace(Path.DirectorySeparatorChar, '/'))
                .All(e => e == MarkerName || listed.Contains(e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private const string ListedPrefix = "wrote: ";

    // The path with every symbolic link along it followed, also inside link targets ("lnk/here" where lnk → .), so that
    // no chain of links can disguise the current folder, the repository or plots/. At most 40 links, as the kernel allows.
    private static string RealPath(string full)
    {
        int links = 0;
        return Resolve(full, ref links);
    }

    private static string Resolve(string full, ref int links)
    {
        string path = Path.GetPathRoot(full) ?? "/";
        foreach (string part in full[path.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { path = Path.GetDirectoryName(path) ?? path; continue; }
            path = Path.Combine(path, part);
            var link = new FileInfo(path);
            if (link.LinkTarget is not { } target) continue;
            if (++links > 40) throw new LessonInputException(BookErrors.Format("out.link-loop", Text.Escape(full)));
            FileSystemInfo? final;
            try
            {
                final = link.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException)
            {
                throw new LessonInputException(BookErrors.Format("out.link-loop", Text.Escape(full)));
            }
            // A dangling link: nothing is made where it points.
            if (final is null || !(File.Exists(final.FullName) || Directory.Exists(final.FullName)))
                throw new LessonInputException(BookErrors.Format("out.link-dangling", Text.Escape(path), Text.Escape(target)));
            path = Resolve(Path.GetFullPath(target, Path.GetDirectoryName(path)!), ref links);
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
    /// Writes the marker into a folder the book has just made; once the site is complete, with every file and folder
    /// it wrote listed ("wrote: plots/ewma.png"), which is what lets a later build prove the whole folder is the book's.
    /// </summary>
    public static void Mark(string folder, bool listContents = false)
    {
        var text = new System.Text.StringBuilder(MarkerText);
        if (listContents)
            foreach (string entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (Path.GetFileName(entry) != MarkerName)
                    text.Append(ListedPrefix).Append(Path.GetRelativePath(folder, entry).Replace(Path.DirectorySeparatorChar, '/')).Append('\n');
        File.WriteAllText(Path.Combine(folder, MarkerName), text.ToString());
    }

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

using System.Globalization;
using System.Text;
using Chapter4.App;
using Chapter4.Harness;

namespace Chapter4.Book;

/// <summary>What one lesson's page is made of: its run, what it printed, and its explanations apart.</summary>
public sealed record BookPage(Lesson Lesson, LessonOutcome Outcome, string Printed, string Notes, string Knobs);

/// <summary>What <see cref="BookSite.Build"/> did: the pages and the folder they are in.</summary>
public sealed record BookResult(string Folder, IReadOnlyList<BookPage> Pages)
{
    public int ExitCode => Pages.Select(p => p.Outcome.ExitCode).DefaultIfEmpty(0).Max();
}

/// <summary>
/// `book`: runs every lesson once and writes a static site — an index in course order and one page per lesson
/// with its C# beside its Python twin, what it printed, its plots and captions, errata, take-aways and the
/// PyTorch Δ table. Plain HTML and one stylesheet: it opens from disk, offline, with no script.
/// The site is written under a temporary folder beside the target and moved into place at the end, so a
/// failed build never leaves half a site (and an existing one stays as it was).
/// </summary>
public static class BookSite
{
    public static string DefaultFolder() => Path.Combine(Repository.FindRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), "book");

    /// <param name="knobs">Per lesson, the knob settings passed through, as "--name value" text for the pages.</param>
    public static BookResult Build(string folder, RunOptions options, IReadOnlyList<Lesson> lessons, IReadOnlyDictionary<string, string> knobs, Action<string>? progress = null)
    {
        folder = Path.GetFullPath(folder);
        string parent = Path.GetDirectoryName(folder) ?? throw new LessonInputException($"--out: '{folder}' has no parent folder");
        if (!Directory.Exists(parent)) throw new LessonInputException($"--out: the folder '{Text.Escape(parent)}' does not exist");
        if (File.Exists(folder)) throw new LessonInputException($"--out: '{Text.Escape(folder)}' is a file");
        string staging = Path.Combine(parent, $".{Path.GetFileName(folder)}.building-{Environment.ProcessId}");
        try
        {
            RemoveAbandoned(parent, Path.GetFileName(folder));
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            Directory.CreateDirectory(Path.Combine(staging, "plots"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LessonRunException($"book: cannot write beside '{Text.Escape(folder)}': {Text.FirstLine(e.Message)}");
        }
        try
        {
            var pages = new List<BookPage>();
            foreach (Lesson lesson in lessons)
            {
                progress?.Invoke(lesson.Id);
                var printed = new StringWriter();
                var notes = new StringWriter();
                var outcome = LessonRunner.Run(lesson, options with { PlotsDir = Path.Combine(staging, "plots"), Notes = new TeeWriter(printed, notes), Progress = null }, printed);
                pages.Add(new BookPage(lesson, outcome, printed.ToString(), notes.ToString(), knobs.GetValueOrDefault(lesson.Id, "")));
            }
            string seed = options.Seed is { } s ? $"--seed {s}" : "";
            Write(Path.Combine(staging, "style.css"), BookHtml.Stylesheet);
            Write(Path.Combine(staging, "index.html"), BookHtml.Index(pages, seed));
            for (int i = 0; i < pages.Count; i++)
                Write(Path.Combine(staging, BookHtml.PageFile(pages[i].Lesson)), BookHtml.LessonPage(pages, i, seed));
            MoveIntoPlace(staging, folder);
            return new BookResult(folder, pages);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveStaging(staging);
            throw new LessonRunException($"book: could not write the site '{Text.Escape(folder)}' ({Text.FirstLine(e.Message)}); " +
                                         "nothing of this build is left and an earlier site there is unchanged");
        }
        catch
        {
            RemoveStaging(staging);
            throw;
        }
    }

    private static void RemoveStaging(string staging)
    {
        try { Directory.Delete(staging, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // A build stopped by a signal (Ctrl-C) cannot clean up; the next build removes what such a build left,
    // unless the process that made it is still running.
    private static void RemoveAbandoned(string parent, string name)
    {
        foreach (string dir in Directory.GetDirectories(parent, $".{name}.building-*").Concat(Directory.GetDirectories(parent, $"{name}.old-*")))
        {
            string pid = dir[(dir.LastIndexOf('-') + 1)..];
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id != Environment.ProcessId && !ProcessIsRunning(id))
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

    private static void Write(string path, string text) => File.WriteAllText(path, text, new UTF8Encoding(false));

    // The old site is renamed away first, then the new one takes its name: a reader sees one or the other.
    private static void MoveIntoPlace(string staging, string folder)
    {
        string? old = null;
        if (Directory.Exists(folder))
        {
            old = folder + ".old-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            Directory.Move(folder, old);
        }
        Directory.Move(staging, folder);
        if (old is not null) Directory.Delete(old, recursive: true);
    }

    /// <summary>Writes to two writers: the page's "what it printed" and its take-aways both get the notes.</summary>
    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override Encoding Encoding => first.Encoding;
        public override void Write(char value) { first.Write(value); second.Write(value); }
        public override void Write(string? value) { first.Write(value); second.Write(value); }
        public override void WriteLine(string? value) { first.WriteLine(value); second.WriteLine(value); }
    }
}

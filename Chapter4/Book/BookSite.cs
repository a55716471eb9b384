using System.Globalization;
using System.Text;
using Chapter4.Files;
using Chapter4.Harness;

namespace Chapter4.Book;

/// <summary>What one lesson's page is made of: its run, what it printed, and its explanations apart.</summary>
/// <param name="Printed">What the lesson printed: what the Python prints, nothing else.</param>
/// <param name="Notes">Its explanations (ctx.Note) and the course's errata, apart.</param>
public sealed record BookPage(Lesson Lesson, LessonOutcome Outcome, string Printed, string Notes, string Knobs)
{
    /// <summary>The "Try this" prompts, run with their knobs (<see cref="BookTryThis"/>).</summary>
    public IReadOnlyList<TryRun> Tries { get; init; } = [];
}

/// <summary>What <see cref="BookSite.Build"/> did: the pages and the folder they are in.</summary>
public sealed record BookResult(string Folder, IReadOnlyList<BookPage> Pages)
{
    public int ExitCode => Pages.Select(p => p.Outcome.ExitCode).DefaultIfEmpty(0).Max();
}

/// <summary>
/// `book`: runs every lesson once and writes a static site — an index in course order and one page per lesson
/// with its C# beside its Python twin, its update rule, what it printed, its plots and captions, errata, take-aways,
/// the lesson re-run with other knobs ("Try this") and the PyTorch Δ table. Plain HTML and one stylesheet: it opens from disk, offline, with no script.
/// The site is written under a temporary folder beside the target and moved into place at the end, so a
/// failed build never leaves half a site (and an existing one stays as it was).
/// </summary>
public static class BookSite
{
    public static string DefaultFolder() => Path.Combine(Repository.FindRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), "book");

    /// <param name="knobs">Per lesson, the knob settings passed through, as "--name value" text for the pages.</param>
    public static BookResult Build(string folder, RunOptions options, IReadOnlyList<Lesson> lessons, IReadOnlyDictionary<string, string> knobs, Action<string>? progress = null)
    {
        folder = BookFolder.CheckTarget(folder, Directory.GetCurrentDirectory());
        string parent = Path.GetDirectoryName(folder)!;
        string staging = Path.Combine(parent, $".{Path.GetFileName(folder)}.building-{Environment.ProcessId}");
        try
        {
            BookFolder.RemoveAbandoned(parent, Path.GetFileName(folder));
            // Our own process id: only an earlier process with the same id can have left it, and only a marked one goes.
            if (Directory.Exists(staging))
            {
                if (!BookFolder.HasMarker(staging)) throw new IOException(BookErrors.Format("staging-exists", staging));
                Directory.Delete(staging, recursive: true);
            }
            Directory.CreateDirectory(staging);
            BookFolder.Mark(staging);
            Directory.CreateDirectory(Path.Combine(staging, "plots"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveStaging(staging);
            // Nothing has run yet: a folder the book cannot write in is bad input, as an unusable --plots-dir is.
            throw new LessonInputException(BookErrors.Format("out.cannot-write", Text.Escape(parent), Path.GetFileName(folder), e.GetType().Name, Text.FirstLine(e.Message)));
        }
        try
        {
            var pages = new List<BookPage>();
            foreach (Lesson lesson in lessons)
            {
                progress?.Invoke(lesson.Id);
                var printed = new StringWriter();
                var notes = new StringWriter();
                // Prints and notes apart: the output pane shows what the Python prints, the notes become the take-aways.
                var outcome = LessonRunner.Run(lesson, options with { PlotsDir = Path.Combine(staging, "plots"), Notes = notes, Progress = null }, printed);
                var page = new BookPage(lesson, outcome, printed.ToString(), notes.ToString(), knobs.GetValueOrDefault(lesson.Id, ""));
                pages.Add(page with { Tries = BookTryThis.For(lesson.Id).Select(t => BookTryThis.Run(lesson.Id, t, options, page)).ToList() });
            }
            string seed = options.Seed is { } s ? $"--seed {s}" : "";
            Write(Path.Combine(staging, "style.css"), BookHtml.Stylesheet);
            Write(Path.Combine(staging, "index.html"), BookHtml.Index(pages, seed));
            for (int i = 0; i < pages.Count; i++)
                Write(Path.Combine(staging, BookHtml.PageFile(pages[i].Lesson)), BookHtml.LessonPage(pages, i, seed));
            // The marker now lists what this build wrote: the proof a later build needs before it replaces the folder.
            BookFolder.Mark(staging, listContents: true);
            MoveIntoPlace(staging, folder);
            return new BookResult(folder, pages);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveStaging(staging);
            throw new LessonRunException(BookErrors.Format("write-failed", Text.Escape(folder), Text.FirstLine(e.Message)));
        }
        catch
        {
            RemoveStaging(staging);
            throw;
        }
    }

    // Only a staging folder this build made and marked is removed.
    private static void RemoveStaging(string staging)
    {
        try
        {
            if (Directory.Exists(staging) && BookFolder.HasMarker(staging)) Directory.Delete(staging, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void Write(string path, string text) => File.WriteAllText(path, text, new UTF8Encoding(false));

    // The old site is renamed away first, then the new one takes its name: a reader sees one or the other.
    private static void MoveIntoPlace(string staging, string folder)
    {
        string? old = null;
        if (Directory.Exists(folder))
        {
            // Checked again: lessons ran for seconds since the first check, and someone may have used the folder.
            if (!BookFolder.MayReplace(folder))
                throw new LessonRunException(BookErrors.Format("changed", Text.Escape(folder)));
            old = folder + ".old-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            Directory.Move(folder, old);
        }
        Directory.Move(staging, folder);
        if (old is not null) Directory.Delete(old, recursive: true);
    }
}

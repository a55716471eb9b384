namespace Chapter4.Files;

/// <summary>
/// Writes a file so that readers only ever see the old file or the whole new one: the bytes go to a
/// temporary file in the same folder, which is then renamed over the target. A failure (a full
/// disk, an interrupted run) removes the temporary file and leaves the old one untouched. A symbolic
/// link at the target is replaced by the new file, never followed.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"a folder named '{Path.GetFileName(full)}' is in the way");
        string dir = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true); // rename(2): atomic within one file system
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The original error is the one to report.
            }
            throw;
        }
    }

    public static void Write(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));
}

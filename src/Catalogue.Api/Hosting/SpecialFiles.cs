using System.Runtime.InteropServices;

namespace Catalogue.Api.Hosting;

/// <summary>
/// What kind of file a name is when it is none a verb may replace: .NET tells a named pipe, a socket or a device from a
/// regular file by nothing it exposes (their attributes read Normal), so Linux's statx is asked; its structure is the
/// same on every architecture. Elsewhere nothing is told.
/// </summary>
internal static class SpecialFiles
{
    private const int AtFdCwd = -100;
    private const int StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int StatxSize = 256;

    /// <returns>"named pipe", "socket", "device"; null for a regular file, a directory, a link, nothing there, or not on Linux.</returns>
    public static string? KindOf(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var statx = new byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, statx) != 0) return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without statx (glibc before 2.28): nothing told, as elsewhere.
            return null;
        }

        var type = BitConverter.ToUInt16(statx, ModeOffset) & 0xF000;
        return type switch
        {
            0x1000 => "named pipe",
            0xC000 => "socket",
            0x2000 or 0x6000 => "device",
            _ => null,
        };
    }

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}

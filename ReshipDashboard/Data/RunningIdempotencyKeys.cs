using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ReshipDashboard.Data;

/// <summary>
/// Which Idempotency-Keys a request is running right now, so a repeat that arrives meanwhile is told so (409) instead
/// of waiting or running the action again. Nothing of it is stored: a key is held by this process (and, on PostgreSQL,
/// by a session advisory lock every instance sees), so a crash or a dropped connection frees it at once and no key
/// ever stays "running".
/// </summary>
public sealed class RunningIdempotencyKeys(IDbContextFactory<ReshipDbContext> factory, IOptions<DatabaseOptions> options)
{
    /// <summary>The first half of the two-part advisory lock key for Idempotency-Keys ("IDEM"); two-part keys never meet one-part ones.</summary>
    private const int LockClass = 0x4944454D;

    private readonly ConcurrentDictionary<string, byte> _running = new();

    /// <summary>Holds the key until the returned handle is disposed; null when another request holds it.</summary>
    public async Task<IAsyncDisposable?> TryHoldAsync(string scope, string path, string key, CancellationToken cancellationToken = default)
    {
        var id = $"{scope}\n{path}\n{key}";
        if (!_running.TryAdd(id, 0)) return null;
        if (options.Value.Provider != DatabaseProvider.Postgres) return new Hold(this, id, null, 0);

        var lockKey = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0);
        var db = await factory.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var held = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockClass}, {lockKey}) AS \"Value\"")
                .SingleAsync(cancellationToken);
            if (held) return new Hold(this, id, db, lockKey);
        }
        catch
        {
            await db.DisposeAsync();
            _running.TryRemove(id, out _);
            throw;
        }
        await db.DisposeAsync();
        _running.TryRemove(id, out _);
        return null;
    }

    private sealed class Hold(RunningIdempotencyKeys owner, string id, ReshipDbContext? session, int lockKey) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                if (session is not null)
                {
                    await session.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockClass}, {lockKey})");
                }
            }
            finally
            {
                // Closing the session also ends its advisory lock, should the unlock above have failed.
                if (session is not null) await session.DisposeAsync();
                owner._running.TryRemove(id, out _);
            }
        }
    }
}

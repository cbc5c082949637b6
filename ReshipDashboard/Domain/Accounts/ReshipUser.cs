using Microsoft.AspNetCore.Identity;

namespace ReshipDashboard.Domain.Accounts;

/// <summary>A person who signs in to the dashboard; the role (admin, warehouse, support) decides what they may use.</summary>
public sealed class ReshipUser : IdentityUser<int>
{
    public ReshipUser() { }

    public ReshipUser(string userName) : base(userName) { }
}

public sealed class ReshipRole : IdentityRole<int>
{
    public ReshipRole() { }

    public ReshipRole(string name) : base(name) { }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReshipDashboard.Data.PostgresMigrations
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Hint = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Scopes = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    RevokedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorKind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    EntityType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    EntityId = table.Column<int>(type: "integer", nullable: false),
                    OrderId = table.Column<int>(type: "integer", nullable: true),
                    Action = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    FromStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true, collation: "C"),
                    ToStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true, collation: "C"),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Buyers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    PhoneLast4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Buyers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CourierFreightRates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Carrier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    FreightFen = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourierFreightRates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    Subject = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    DataJson = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Scope = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Path = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    ResponseBody = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Location = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    UnitPrice = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ShopSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    ReshipAnswerHours = table.Column<int>(type: "integer", nullable: false),
                    OverdueReshipAction = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EscalateAfterRejectionDays = table.Column<int>(type: "integer", nullable: false),
                    AutoConfirmReceiptDays = table.Column<int>(type: "integer", nullable: false),
                    MaxReissuesPerOrder = table.Column<int>(type: "integer", nullable: false),
                    DueSoonHours = table.Column<int>(type: "integer", nullable: false),
                    ReissueShipWithinHours = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tallies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Day = table.Column<int>(type: "integer", nullable: true),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Carrier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<long>(type: "bigint", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tallies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<int>(type: "integer", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<int>(type: "integer", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<int>(type: "integer", nullable: false),
                    RoleId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<int>(type: "integer", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Orders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderNo = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false, collation: "C"),
                    BuyerId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    PaidAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NeedsReissue = table.Column<bool>(type: "boolean", nullable: false),
                    ReissueLimitFlagged = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false),
                    AddressCity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    AddressDistrict = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    AddressPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    AddressProvince = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Orders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Orders_Buyers_BuyerId",
                        column: x => x.BuyerId,
                        principalTable: "Buyers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AfterSales",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderId = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AfterSales", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AfterSales_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrderItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderId = table.Column<int>(type: "integer", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    UnitPrice = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrderItems_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReshipRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderId = table.Column<int>(type: "integer", nullable: false),
                    AfterSaleId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RejectionReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    RejectionNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    RejectedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EscalatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(110)", maxLength: 110, nullable: true, collation: "C"),
                    ShippedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false),
                    Items = table.Column<string>(type: "text", nullable: false),
                    AddressCity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    AddressDistrict = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    AddressPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    AddressProvince = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReshipRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReshipRequests_AfterSales_AfterSaleId",
                        column: x => x.AfterSaleId,
                        principalTable: "AfterSales",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReshipRequests_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReshipRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReshipRequestId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Items = table.Column<string>(type: "text", nullable: false),
                    AddressCity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    AddressDistrict = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    AddressPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    AddressProvince = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReshipRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReshipRevisions_ReshipRequests_ReshipRequestId",
                        column: x => x.ReshipRequestId,
                        principalTable: "ReshipRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Reissues",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReissueNo = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false, collation: "C"),
                    OrderId = table.Column<int>(type: "integer", nullable: false),
                    OrderNo = table.Column<string>(type: "character varying(22)", maxLength: 22, nullable: false, collation: "C"),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Scenario = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    ReplacesShipmentId = table.Column<int>(type: "integer", nullable: true),
                    PreferredCarrier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true, collation: "C"),
                    Carrier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true, collation: "C"),
                    TrackingNo = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    ReshipRequestId = table.Column<int>(type: "integer", nullable: true),
                    AfterSaleId = table.Column<int>(type: "integer", nullable: true),
                    Remark = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    CancelReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    WaybillError = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true, collation: "C"),
                    WaybillAttempts = table.Column<int>(type: "integer", nullable: false),
                    WaybillFailures = table.Column<int>(type: "integer", nullable: false),
                    NextWaybillAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PrintedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WaybillClaimedUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ShipByUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ShippedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReplacedParcelDelivered = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false),
                    Items = table.Column<string>(type: "text", nullable: false),
                    AddressCity = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressDetail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    AddressDistrict = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    AddressName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    AddressPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    AddressProvince = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reissues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reissues_AfterSales_AfterSaleId",
                        column: x => x.AfterSaleId,
                        principalTable: "AfterSales",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Reissues_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reissues_ReshipRequests_ReshipRequestId",
                        column: x => x.ReshipRequestId,
                        principalTable: "ReshipRequests",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Shipments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderId = table.Column<int>(type: "integer", nullable: false),
                    ReissueId = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Carrier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    TrackingNo = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    WasIntercepted = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StatusEventAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Shipments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Shipments_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Shipments_Reissues_ReissueId",
                        column: x => x.ReissueId,
                        principalTable: "Reissues",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "ShipmentEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShipmentId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Applied = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShipmentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShipmentEvents_Shipments_ShipmentId",
                        column: x => x.ShipmentId,
                        principalTable: "Shipments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSales_OrderId",
                table: "AfterSales",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSales_UpdatedAtUtc",
                table: "AfterSales",
                column: "UpdatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Hash",
                table: "ApiKeys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_AtUtc",
                table: "AuditEntries",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_EntityType_EntityId",
                table: "AuditEntries",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OrderId",
                table: "AuditEntries",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Buyers_PhoneLast4",
                table: "Buyers",
                column: "PhoneLast4");

            migrationBuilder.CreateIndex(
                name: "IX_CourierFreightRates_Carrier",
                table: "CourierFreightRates",
                column: "Carrier",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_Scope_Path_Key",
                table: "IdempotencyRecords",
                columns: new[] { "Scope", "Path", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OrderItems_OrderId",
                table: "OrderItems",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_BuyerId",
                table: "Orders",
                column: "BuyerId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CreatedAtUtc",
                table: "Orders",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_OrderNo",
                table: "Orders",
                column: "OrderNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PaidAtUtc",
                table: "Orders",
                column: "PaidAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PaidAtUtc_NeedsReissue",
                table: "Orders",
                column: "PaidAtUtc",
                filter: "\"NeedsReissue\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Sku",
                table: "Products",
                column: "Sku",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_AfterSaleId",
                table: "Reissues",
                column: "AfterSaleId");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_CreatedAtUtc",
                table: "Reissues",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_CreatedAtUtc_Status",
                table: "Reissues",
                columns: new[] { "CreatedAtUtc", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_OrderId_Sequence",
                table: "Reissues",
                columns: new[] { "OrderId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_OrderNo_Sequence",
                table: "Reissues",
                columns: new[] { "OrderNo", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_ReissueNo",
                table: "Reissues",
                column: "ReissueNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_ReplacesShipmentId",
                table: "Reissues",
                column: "ReplacesShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_ReshipRequestId",
                table: "Reissues",
                column: "ReshipRequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Sequence",
                table: "Reissues",
                column: "Sequence");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_ShipByUtc",
                table: "Reissues",
                column: "ShipByUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_CreatedAtUtc",
                table: "Reissues",
                columns: new[] { "Status", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_OrderNo_Sequence",
                table: "Reissues",
                columns: new[] { "Status", "OrderNo", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_ReissueNo",
                table: "Reissues",
                columns: new[] { "Status", "ReissueNo" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_Sequence",
                table: "Reissues",
                columns: new[] { "Status", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_ShipByUtc",
                table: "Reissues",
                columns: new[] { "Status", "ShipByUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_UpdatedAtUtc_Id",
                table: "Reissues",
                columns: new[] { "Status", "UpdatedAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_TrackingNo",
                table: "Reissues",
                column: "TrackingNo");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_UpdatedAtUtc",
                table: "Reissues",
                column: "UpdatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_AfterSaleId",
                table: "ReshipRequests",
                column: "AfterSaleId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_OrderId",
                table: "ReshipRequests",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_ReceivedFacts",
                table: "ReshipRequests",
                columns: new[] { "CreatedAtUtc", "DueAtUtc", "Reason", "Status", "ApprovedAtUtc", "RejectedAtUtc", "EscalatedAtUtc", "AnsweredBy" });

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_Status_DueAtUtc",
                table: "ReshipRequests",
                columns: new[] { "Status", "DueAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_Status_UpdatedAtUtc",
                table: "ReshipRequests",
                columns: new[] { "Status", "UpdatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_UpdatedAtUtc",
                table: "ReshipRequests",
                column: "UpdatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRevisions_ReshipRequestId_Number",
                table: "ReshipRevisions",
                columns: new[] { "ReshipRequestId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShipmentEvents_ShipmentId",
                table: "ShipmentEvents",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_Kind_Carrier_CreatedAtUtc",
                table: "Shipments",
                columns: new[] { "Kind", "Carrier", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_OrderId",
                table: "Shipments",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_ReissueId",
                table: "Shipments",
                column: "ReissueId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_Status_OrderId",
                table: "Shipments",
                columns: new[] { "Status", "OrderId" });

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_TrackingNo",
                table: "Shipments",
                column: "TrackingNo",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tallies_Name_Day_Key",
                table: "Tallies",
                columns: new[] { "Name", "Day", "Key" });

            migrationBuilder.AddForeignKey(
                name: "FK_Reissues_Shipments_ReplacesShipmentId",
                table: "Reissues",
                column: "ReplacesShipmentId",
                principalTable: "Shipments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AfterSales_Orders_OrderId",
                table: "AfterSales");

            migrationBuilder.DropForeignKey(
                name: "FK_Reissues_Orders_OrderId",
                table: "Reissues");

            migrationBuilder.DropForeignKey(
                name: "FK_ReshipRequests_Orders_OrderId",
                table: "ReshipRequests");

            migrationBuilder.DropForeignKey(
                name: "FK_Shipments_Orders_OrderId",
                table: "Shipments");

            migrationBuilder.DropForeignKey(
                name: "FK_Reissues_AfterSales_AfterSaleId",
                table: "Reissues");

            migrationBuilder.DropForeignKey(
                name: "FK_ReshipRequests_AfterSales_AfterSaleId",
                table: "ReshipRequests");

            migrationBuilder.DropForeignKey(
                name: "FK_Reissues_ReshipRequests_ReshipRequestId",
                table: "Reissues");

            migrationBuilder.DropForeignKey(
                name: "FK_Reissues_Shipments_ReplacesShipmentId",
                table: "Reissues");

            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "CourierFreightRates");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Events");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "OrderItems");

            migrationBuilder.DropTable(
                name: "Products");

            migrationBuilder.DropTable(
                name: "ReshipRevisions");

            migrationBuilder.DropTable(
                name: "ShipmentEvents");

            migrationBuilder.DropTable(
                name: "ShopSettings");

            migrationBuilder.DropTable(
                name: "Tallies");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Orders");

            migrationBuilder.DropTable(
                name: "Buyers");

            migrationBuilder.DropTable(
                name: "AfterSales");

            migrationBuilder.DropTable(
                name: "ReshipRequests");

            migrationBuilder.DropTable(
                name: "Shipments");

            migrationBuilder.DropTable(
                name: "Reissues");
        }
    }
}

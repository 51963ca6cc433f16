import Fluent

/// Every migration, in the order it runs; a new one goes at the end.
enum MigrationList {
    static var all: [any Migration] {
        [
            OrganisationMigrations.CreateProvinces(),
            OrganisationMigrations.CreateCommunes(),
            OrganisationMigrations.CreateDepartments(),
            OrganisationMigrations.CreateOfficers(),
            OrganisationMigrations.CreateAccessTokens(),
            OrganisationMigrations.CreateAuditJournal(),
            CalendarMigrations.CreateOfficialSchedules(),
            CatalogMigrations.CreateProcedures(),
            PublicSafetyMigrations.CreateDutyShifts(),
            PublicSafetyMigrations.CreateDutyCalls(),
            DossierMigrations.CreateDossiers(),
            DossierMigrations.CreateDossierEvents(),
            DossierMigrations.CreateDossierDocuments(),
            DossierMigrations.CreateDossierSequences(),
            DossierMigrations.CreatePersonalDataAccess(),
            // Before the report fill below, which reads dossiers through the live model (issue #17: the clock resumes).
            DossierMigrations.AddWorkingDaysLeftWhenStopped(),
            NotificationMigrations.CreateOutbox(),
            RatingMigrations.CreateRatings(),
            FeedbackMigrations.CreateFeedback(),
            AnnouncementMigrations.CreateAnnouncements(),
            // public services: fault reports, Open311, collection routes, lights
            PublicServicesMigrations.CreateServiceTypes(),
            PublicServicesMigrations.CreateOpen311Clients(),
            PublicServicesMigrations.CreateCollectionRoutesAndLightPoints(),
            PublicServicesMigrations.CreateServiceRequests(),
            // commune work: plans under the six clears, inspections and directives
            CommuneWorkMigrations.CreateWorkPlans(),
            CommuneWorkMigrations.CreateEvents(),
            // citizens' accounts and online submission
            CitizenMigrations.CreateCitizenAccounts(),
            CitizenMigrations.CreateCitizenSessions(),
            CitizenMigrations.CreateCitizenDossierLinks(),
            // the center floor: queue tickets, counters and screens
            FloorMigrations.CreateFloorCounters(),
            FloorMigrations.CreateFloorServiceLines(),
            FloorMigrations.CreateQueueTickets(),
            FloorMigrations.CreateQueueTicketSequences(),
            FloorMigrations.CreateCounterRatings(),
            // reports (issue #7)
            ReportMigrations.CreateReportDailyFigures(),
            ReportMigrations.CreateReportProcessingHours(),
            ReportMigrations.CreateReportMonthlyFigures(),
            ReportMigrations.FillReportSummaries(),
            // commune work, continued (issue #8): training, reminders through the outbox, public events
            TrainingMigrations.CreateTrainingCourses(),
            CommuneWorkMigrations.CreateWorkReminderNotices(),
            CommuneWorkMigrations.AddPublicFlagToEvents(),
            // commune resources and economy: assets, budget, land clearance, investment (issue #10)
            CommuneResourcesMigrations.CreatePublicAssets(),
            CommuneResourcesMigrations.CreateBudget(),
            CommuneResourcesMigrations.CreateLandClearanceAndInvestment(),
            // personal data protection (issue #12): access reasons, retention periods
            PrivacyMigrations.AddPersonalDataAccessReason(),
            PrivacyMigrations.CreateRetentionRules(),
            PrivacyMigrations.IndexDossiersForRetention(),
            PrivacyMigrations.CreatePendingFileDeletions(),
            // citizens' password recovery (issue #19)
            PasswordRecoveryMigrations.CreateCitizenPasswordRecoveries(),
            // the national portal: every dossier step synchronised (issue #18)
            PortalSyncMigrations.CreatePortalSync(),
            // online payment of fees (issue #21)
            PaymentMigrations.CreatePaymentOrders(),
            // the counter keeps working when the network drops: idempotent intake (issue #25)
            IntakeIdempotencyMigrations.CreateDossierIntakeKeys(),
            // electronic results with digital signatures (issue #20)
            SignedResultMigrations.CreateSignedResults(),
            // citizens sign in with VNeID (issue #19)
            VNeIDMigrations.AddVNeIDSignIn(),
        ]
    }
}

import Vapor

/// Registers every route; paths come from `SiteURL` and `APIURL`.
func routes(_ app: Application) throws {
    do { // system
        app.get(SiteURL.health.pathComponents, use: SystemController.health)
        app.get(SiteURL.metrics.pathComponents, use: SystemController.metrics)
        app.get(SiteURL.home.pathComponents, use: SystemController.frontPage)
    }

    do { // sign-in and the officer's own account
        app.get(SiteURL.signIn.pathComponents, use: SignInController.showSignIn)
        app.post(SiteURL.signIn.pathComponents, use: SignInController.signIn)
        app.get(SiteURL.signInUnlock.pathComponents, use: SignInUnlockController.show)
        app.post(SiteURL.signInUnlockCode.pathComponents, use: SignInUnlockController.sendCode)
        app.post(SiteURL.signInUnlock.pathComponents, use: SignInUnlockController.unlock)
        app.post(SiteURL.signOut.pathComponents, use: SignInController.signOut)
        app.get(SiteURL.changePassword.pathComponents, use: SignInController.showPasswordChange)
        app.post(SiteURL.changePassword.pathComponents, use: SignInController.changePassword)
        app.get(SiteURL.workspace.pathComponents, use: WorkspaceController.show)
    }

    do { // administration of the organisation
        app.get(SiteURL.communes.pathComponents, use: OrganisationController.listCommunes)
        app.get(SiteURL.newCommune.pathComponents, use: OrganisationController.showNewCommune)
        app.post(SiteURL.newCommune.pathComponents, use: OrganisationController.createCommune)
        app.get(SiteURL.commune(.key).pathComponents, use: OrganisationController.showCommune)
        app.post(SiteURL.commune(.key).pathComponents, use: OrganisationController.updateCommune)
        app.get(SiteURL.departments.pathComponents, use: OrganisationController.listDepartments)
        app.get(SiteURL.newDepartment.pathComponents, use: OrganisationController.showNewDepartment)
        app.post(SiteURL.newDepartment.pathComponents, use: OrganisationController.createDepartment)
        app.get(SiteURL.department(.key).pathComponents, use: OrganisationController.showDepartment)
        app.post(SiteURL.department(.key).pathComponents, use: OrganisationController.updateDepartment)
        app.get(SiteURL.officers.pathComponents, use: OfficersController.list)
        app.get(SiteURL.newOfficer.pathComponents, use: OfficersController.showNew)
        app.post(SiteURL.newOfficer.pathComponents, use: OfficersController.create)
        app.get(SiteURL.officer(.key).pathComponents, use: OfficersController.show)
        app.post(SiteURL.officer(.key).pathComponents, use: OfficersController.update)
        app.post(SiteURL.unlockOfficer(.key).pathComponents, use: OfficersController.unlock)
        app.post(SiteURL.resetOfficerPassword(.key).pathComponents, use: OfficersController.resetPassword)
        app.get(SiteURL.auditJournal.pathComponents, use: AuditController.browse)
    }

    do { // calendar
        app.get(SiteURL.calendarMonth.pathComponents, use: CalendarController.month)
        app.get(SiteURL.schedules.pathComponents, use: CalendarController.schedules)
        app.post(SiteURL.schedules.pathComponents, use: CalendarController.recordSchedule)
    }

    do { // public pages of a commune
        app.get(SiteURL.communeHome(.key).pathComponents, use: PublicSiteController.communeHome)
        app.get(SiteURL.publicProcedures(.key).pathComponents, use: PublicSiteController.procedures)
        app.get(SiteURL.publicProcedure(.key, .key).pathComponents, use: PublicSiteController.procedure)
        app.post(SiteURL.announcements.pathComponents, use: AnnouncementController.publish)
    }

    do { // police duty hotline
        app.get(SiteURL.hotline(.key).pathComponents, use: PublicSafetyController.hotline)
        app.get(SiteURL.dutyRoster.pathComponents, use: PublicSafetyController.roster)
        app.post(SiteURL.dutyShifts.pathComponents, use: PublicSafetyController.addShift)
        app.post(SiteURL.deleteDutyShift(.key).pathComponents, use: PublicSafetyController.deleteShift)
        app.post(SiteURL.dutyCalls.pathComponents, use: PublicSafetyController.logCall)
    }

    do { // procedure catalog
        app.get(SiteURL.procedures.pathComponents, use: CatalogController.list)
        app.get(SiteURL.procedure(.key).pathComponents, use: CatalogController.showChoice)
        app.post(SiteURL.procedure(.key).pathComponents, use: CatalogController.saveChoice)
        app.get(SiteURL.catalogAdmin.pathComponents, use: CatalogController.admin)
        app.get(SiteURL.catalogExport.pathComponents, use: CatalogController.export)
        app.on(.POST, SiteURL.catalogImport.pathComponents, body: .collect(maxSize: BodyLimit.catalogImport), use: CatalogController.importCatalog)
    }

    do { // the one-stop desk
        app.get(SiteURL.intake.pathComponents, use: DossierPagesController.showIntake)
        app.on(.POST, SiteURL.intake.pathComponents, body: .collect(maxSize: BodyLimit.intake), use: DossierPagesController.intake)
        app.get(SiteURL.workQueue.pathComponents, use: DossierQueue.show)
        app.get(SiteURL.dossier(.key).pathComponents, use: DossierPagesController.show)
        app.post(SiteURL.dossierActions(.key).pathComponents, use: DossierPagesController.perform)
        app.get(SiteURL.dossierForm(.key, .key).pathComponents, use: LegalFormsController.show)
        // the counter when the network drops (issue #25)
        app.get(SiteURL.offlineCounter.pathComponents, use: OfflineCounterController.show)
        app.get(SiteURL.offlineCounterCalendar.pathComponents, use: OfflineCounterController.calendar)
        app.on(.POST, SiteURL.offlineCounterSend.pathComponents, body: .collect(maxSize: BodyLimit.standard), use: OfflineCounterController.send)
        app.get(SiteURL.offlineCounterWorker.pathComponents, use: OfflineCounterController.worker)
        app.get(SiteURL.dossierScan(.key, .key).pathComponents, use: DossierPagesController.scan)
        app.get(SiteURL.dossierRegister.pathComponents, use: DossierRegister.show)
    }

    do { // public lookup
        app.get(SiteURL.lookup.pathComponents, use: LookupController.form)
        app.get(SiteURL.publicLookup(.key).pathComponents, use: LookupController.page)
        app.post(SiteURL.rateDossier(.key).pathComponents, use: RatingController.rate)
        app.get(SiteURL.outbox.pathComponents, use: OutboxPage.show)
        app.get(SiteURL.feedbackForm(.key).pathComponents, use: FeedbackController.showForm)
        app.post(SiteURL.feedbackForm(.key).pathComponents, use: FeedbackController.submit)
        app.get(SiteURL.feedbackItem(.key).pathComponents, use: FeedbackController.showItem)
        app.get(SiteURL.feedbackList.pathComponents, use: FeedbackController.list)
        app.post(SiteURL.answerFeedback(.key).pathComponents, use: FeedbackController.answer)
    }

    do { // JSON API
        app.post(APIURL.token.pathComponents, use: SignInController.issueAPIToken)
        app.get(APIURL.me.pathComponents, use: OrganisationAPIController.me)
        app.get(APIURL.communes.pathComponents, use: OrganisationAPIController.communes)
        app.get(APIURL.departments.pathComponents, use: OrganisationAPIController.departments)
        app.get(APIURL.department(.key).pathComponents, use: OrganisationAPIController.department)
        app.get(APIURL.officers.pathComponents, use: OrganisationAPIController.officers)
        app.get(APIURL.officer(.key).pathComponents, use: OrganisationAPIController.officer)
        app.get(APIURL.openAPIDocument.pathComponents, use: OpenAPIDocument.serve)
        app.get(APIURL.procedures.pathComponents, use: CatalogController.apiList)
        app.post(APIURL.dossiers.pathComponents, use: DossierAPIController.create)
        app.get(APIURL.dossiers.pathComponents, use: DossierAPIController.list)
        app.get(APIURL.dossier(.key).pathComponents, use: DossierAPIController.show)
        app.post(APIURL.dossierActions(.key).pathComponents, use: DossierAPIController.perform)
        app.get(APIURL.publicDossier(.key).pathComponents, use: LookupController.api)
    }

    do { // the national portal's synchronisation
        app.get(SiteURL.portalSync.pathComponents, use: PortalSyncPage.show)
        app.post(SiteURL.portalSyncResend(.key).pathComponents, use: PortalSyncPage.resend)
    }

    publicServicesRoutes(app)
    communeWorkRoutes(app)
    citizenRoutes(app)
    floorRoutes(app)
    reportRoutes(app)
    communeResourcesRoutes(app)
    benchRoutes(app)
    privacyRoutes(app)
    // online payment of fees (issue #21)
    paymentRoutes(app)
    reconciliationRoutes(app)
    // electronic results with digital signatures (issue #20)
    signedResultRoutes(app)
}

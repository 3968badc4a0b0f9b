/** The job that e-mails one notification. */
export const EMAIL_NOTIFICATION_JOB = "email.notification";

export const emailJobKey = (notificationId: string) => `${EMAIL_NOTIFICATION_JOB}:${notificationId}`;
